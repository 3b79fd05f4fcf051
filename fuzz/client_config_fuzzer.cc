// Parses the input as a client config (blindmap.yaml): any text must give a
// config or an error, never a crash; an error is INVALID_ARGUMENT.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "client/config/client_config.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view yaml(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<blindmap::ClientConfig> config =
      blindmap::ParseClientConfig(yaml, "/fuzz/blindmap.yaml");
  if (!config.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(config.status()));
    return 0;
  }
  for (const auto& [partner, path] : config->secret_files) {
    const std::string file = config->SecretFileFor(partner);
    FUZZ_CHECK(file.empty() || file == path);
    config->SharingFor(partner);
  }
  return 0;
}
