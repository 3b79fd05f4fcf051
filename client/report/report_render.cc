#include "client/report/report_render.h"

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "client/report/report_render_model.h"

namespace blindmap {

absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  if (lower == "text") return OutputFormat::kText;
  if (lower == "json") return OutputFormat::kJson;
  if (lower == "csv") return OutputFormat::kCsv;
  if (lower == "markdown" || lower == "md") return OutputFormat::kMarkdown;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown output format \"", name,
                   "\"; use one of text, json, csv, markdown (or md)"));
}

std::string RenderOverlapReport(const v1::OverlapReport& report,
                                absl::string_view me, OutputFormat format) {
  const report_internal::ReportModel model =
      report_internal::BuildReportModel(report, me);
  switch (format) {
    case OutputFormat::kJson:
      return report_internal::RenderJson(model);
    case OutputFormat::kCsv:
      return report_internal::RenderCsv(model);
    case OutputFormat::kMarkdown:
      return report_internal::RenderMarkdown(model);
    case OutputFormat::kText:
      break;
  }
  return report_internal::RenderText(model);
}

}  // namespace blindmap
