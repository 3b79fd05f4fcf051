# AddressSanitizer + UndefinedBehaviorSanitizer for every target when
# BLINDMAP_SANITIZE is on (used by the sanitizer pass of the test suite).
if(BLINDMAP_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
