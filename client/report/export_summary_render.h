// The summary of a read export, for people and scripts (sync and dry run).
#ifndef BLINDMAP_CLIENT_REPORT_EXPORT_SUMMARY_RENDER_H_
#define BLINDMAP_CLIENT_REPORT_EXPORT_SUMMARY_RENDER_H_

#include <string>

#include "client/config/client_config.h"
#include "client/crm/crm_export.h"
#include "nlohmann/json.hpp"

namespace blindmap {

// Rows, columns, records per population, keys, what stays on this machine
// and why, dropped rows (row number, column, reason; never a value).
nlohmann::json SummaryJson(const ExportSummary& summary,
                           const ClientConfig& config);
// The same for a terminal; `dry_run` says "Would send" instead of "Sent".
// Both say which CRM profile read the export and how it was chosen.
std::string SummaryText(const ExportSummary& summary,
                        const ClientConfig& config, bool dry_run);

// {"name", "title", "how"} of the CRM profile (name and title null without
// one), and its line in SummaryText ("  CRM profile: ...\n"; "" when the
// summary does not say).
nlohmann::json ProfileJson(const ExportSummary& summary);
std::string ProfileLine(const ExportSummary& summary);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_REPORT_EXPORT_SUMMARY_RENDER_H_
