# AddressSanitizer + UndefinedBehaviorSanitizer for every target when
# BLINDMAP_SANITIZE is on (tools/test-asan.sh runs the test suite so). Any
# UBSan finding aborts the process, so a test that triggers one fails.
if(BLINDMAP_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
