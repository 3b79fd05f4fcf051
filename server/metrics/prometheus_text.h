// The Prometheus text exposition format (version 0.0.4), written by hand.
#ifndef BLINDMAP_SERVER_METRICS_PROMETHEUS_TEXT_H_
#define BLINDMAP_SERVER_METRICS_PROMETHEUS_TEXT_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace blindmap {

// Label name -> value; values are escaped when written.
using MetricLabels = std::vector<std::pair<std::string, std::string>>;

// Appends the text of metrics to one string: "# HELP", "# TYPE" once per
// family, then its samples. Not thread-safe; one writer per scrape.
class PrometheusText {
 public:
  // Starts a family: `type` is "counter", "gauge" or "histogram".
  void Family(absl::string_view name, absl::string_view type,
              absl::string_view help);
  // One sample line: name{labels} value.
  void Sample(absl::string_view name, const MetricLabels& labels, double value);

  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

// A label value as the format wants it: backslash, quote and line break
// escaped.
std::string EscapeLabelValue(absl::string_view value);
// A sample value: integers without a fraction, +Inf, NaN.
std::string FormatSampleValue(double value);

}  // namespace blindmap

#endif  // BLINDMAP_SERVER_METRICS_PROMETHEUS_TEXT_H_
