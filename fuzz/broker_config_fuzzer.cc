// Parses the input as a broker config (blindmapd.yaml): any text must give a
// config or an error, never a crash; an error is INVALID_ARGUMENT, and a
// config has a data_dir and either TLS or plaintext.
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "fuzz/fuzz_check.h"
#include "server/service/broker_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view yaml(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<blindmap::BrokerConfig> config =
      blindmap::ParseBrokerConfig(yaml, "/fuzz/blindmapd.yaml");
  if (!config.ok()) {
    FUZZ_CHECK(absl::IsInvalidArgument(config.status()));
    return 0;
  }
  FUZZ_CHECK(!config->data_dir.empty());
  FUZZ_CHECK(config->plaintext || !config->tls_cert_file.empty());
  return 0;
}
