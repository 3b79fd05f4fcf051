#include "client/crm/crm_export.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/hash/hash.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/crm/contact_domains.h"
#include "client/crm/detail_capture.h"
#include "client/crm/export_table.h"
#include "client/crm/export_file.h"
#include "client/crm/normalizer_pool.h"
#include "common/base/status_macros.h"
#include "common/match/match_rule.h"
#include "common/text/csv_reader.h"

namespace blindmap {
namespace {

constexpr int64_t kProgressEveryRows = 50'000;
constexpr size_t kChunkRows = 16384;
constexpr uintmax_t kMinBytesPerRow = 48;
constexpr size_t kMaxChunksInFlight = 4;

void AddProblem(ExportSummary& summary, int64_t row, std::string column,
                std::string reason) {
  if (summary.problems.size() < ExportSummary::kMaxProblems) {
    summary.problems.push_back({row, std::move(column), std::move(reason)});
  }
}

// What folding needs besides the row: the columns, duplicate detection and
// the contacts' domains by account id (may be null).
struct FoldContext {
  const ExportColumns& columns;
  absl::flat_hash_map<uint64_t, int64_t> first_row_of_id;
  const ContactDomains* contacts = nullptr;
};

// Adds one normalized row to `result` (or counts why it is dropped).
void FoldAccount(RawAccount& account, NormalizedKeys& n, FoldContext& context,
                 CrmExport& result) {
  ExportSummary& summary = result.summary;
  const ExportColumns& columns = context.columns;
  for (DomainVerdict verdict : n.unusable) {
    ++summary.unusable_websites[DomainVerdictName(verdict)];
  }
  for (const char* kind : n.invalid_ids) ++summary.invalid_ids[kind];
  if (n.bad_name) {
    ++summary.rejected;
    AddProblem(summary, account.row, columns.Name(columns.name),
               "not valid UTF-8");
    return;
  }
  if (context.contacts != nullptr) {
    auto found = context.contacts->by_account.find(account.account_id);
    if (found != context.contacts->by_account.end()) {
      for (const std::string& domain : found->second) {
        if (std::find(n.domain_keys.begin(), n.domain_keys.end(), domain) ==
            n.domain_keys.end()) {
          n.domain_keys.push_back(domain);
          ++summary.contact_domains_added;
        }
      }
    }
  }
  const bool has_id =
      !n.duns.empty() || !n.lei.empty() || !n.registration.empty();
  if (n.name_key.empty() && n.domain_keys.empty() && !has_id) {
    ++summary.no_key;
    AddProblem(summary, account.row, "",
               "no usable match key: no company name left after "
               "normalization, no usable website and no registration id");
    return;
  }
  // Only kept rows count: a dropped row does not make a later one a
  // duplicate.
  auto [it, inserted] = context.first_row_of_id.emplace(
      absl::HashOf(account.account_id), account.row);
  if (!inserted) {
    ++summary.rejected;
    AddProblem(summary, account.row, columns.Name(columns.id),
               absl::StrCat("the same account id as row ", it->second,
                            " (duplicate row?)"));
    return;
  }
  if (!n.name_key.empty() && !n.domain_keys.empty()) {
    ++summary.name_and_domain;
  } else if (!n.name_key.empty()) {
    ++summary.name_only;
  } else if (!n.domain_keys.empty()) {
    ++summary.domain_only;
  } else {
    ++summary.ids_only;
  }
  summary.with_ids += has_id ? 1 : 0;
  summary.name_keys += n.name_key.empty() ? 0 : 1;
  summary.domain_keys += static_cast<int64_t>(n.domain_keys.size());
  summary.name_variant_keys +=
      static_cast<int64_t>(n.weak_name_variants.size());
  summary.name_form_keys += static_cast<int64_t>(n.name_variants.size());
  summary.brand_label_keys += static_cast<int64_t>(n.brand_labels.size());
  summary.with_country += n.country != nullptr ? 1 : 0;
  summary.duns_keys += n.duns.empty() ? 0 : 1;
  summary.lei_keys += n.lei.empty() ? 0 : 1;
  summary.registration_keys += n.registration.empty() ? 0 : 1;
  for (size_t p = 0; p < summary.population_sizes.size(); ++p) {
    if ((account.populations >> p) & 1) ++summary.population_sizes[p];
  }
  ExportedAccount& out = result.accounts.emplace_back();
  out.row = account.row;
  out.account_id = std::move(account.account_id);
  out.populations = account.populations;
  out.name_key = std::move(n.name_key);
  out.domain_keys = std::move(n.domain_keys);
  if (n.country != nullptr) out.country = n.country;
  if (!account.detail.empty()) {
    out.detail = std::move(account.detail);
    out.opted_in = account.opted_in;
    ++summary.detail_offered;
    summary.opted_in += account.opted_in ? 1 : 0;
  }
  const auto add = [&out](v1::KeyKind kind, std::string& value) {
    if (!value.empty()) out.more_keys.push_back({kind, std::move(value)});
  };
  add(v1::KEY_KIND_DUNS, n.duns);
  add(v1::KEY_KIND_LEI, n.lei);
  add(v1::KEY_KIND_REGISTRATION_ID, n.registration);
  for (std::string& variant : n.name_variants) {
    add(v1::KEY_KIND_NAME, variant);
  }
  for (std::string& variant : n.weak_name_variants) {
    add(v1::KEY_KIND_NAME_VARIANT, variant);
  }
  for (std::string& label : n.brand_labels) {
    add(v1::KEY_KIND_BRAND_LABEL, label);
  }
  for (std::string& variant : n.brand_variants) {
    add(v1::KEY_KIND_BRAND_LABEL_VARIANT, variant);
  }
}

// A profile's hint when rows were read and none is in any population.
void NoteEmptyPopulations(const CrmProfile* profile, const ClientConfig& config,
                          ExportSummary& summary) {
  if (profile == nullptr || profile->hint.empty() ||
      config.custom_populations || summary.no_population == 0) {
    return;
  }
  for (uint64_t size : summary.population_sizes) {
    if (size > 0) return;
  }
  summary.notes.push_back(
      absl::StrCat("No row is in any population. ", profile->hint));
}

// INVALID_ARGUMENT when a column the keys come from has a header name that
// occurs more than once: which one holds the key cannot be told.
absl::Status CheckKeyColumnsUnique(const ExportColumns& columns,
                                   absl::string_view path) {
  std::vector<int> used = {columns.id,
                           columns.name,
                           columns.duns,
                           columns.lei,
                           columns.registration_id,
                           columns.registration_country};
  used.insert(used.end(), columns.websites.begin(), columns.websites.end());
  for (int index : used) {
    if (index < 0) continue;
    const std::string wanted = absl::AsciiStrToLower(
        absl::StripAsciiWhitespace(columns.header[index]));
    std::vector<std::string> at;
    for (size_t i = 0; i < columns.header.size(); ++i) {
      if (absl::AsciiStrToLower(
              absl::StripAsciiWhitespace(columns.header[i])) == wanted) {
        at.push_back(absl::StrCat(i + 1));
      }
    }
    if (at.size() > 1) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": the header names \"", columns.header[index],
          "\" more than once (columns ", absl::StrJoin(at, ", "),
          "), so which one holds the key cannot be told: rename or remove "
          "the others"));
    }
  }
  return absl::OkStatus();
}

// Warns of opt-in and opt-out ids (config lists and id files) that are not
// among the accounts read: they select nothing.
void AddUnknownIdWarnings(const DetailCapture& capture, CrmExport& result) {
  if (capture.opt_in_ids().empty() && capture.opt_out_ids().empty()) return;
  absl::flat_hash_set<absl::string_view> read;
  for (const ExportedAccount& account : result.accounts) {
    read.insert(account.account_id);
  }
  const auto warn = [&](const absl::flat_hash_set<std::string>& ids,
                        absl::string_view what) {
    std::vector<std::string> unknown;
    for (const std::string& id : ids) {
      if (!read.contains(id)) unknown.push_back(id);
    }
    if (unknown.empty()) return;
    std::sort(unknown.begin(), unknown.end());
    result.summary.warnings.push_back(absl::StrCat(
        what, ": ", unknown.size(), " of ", ids.size(),
        " account ids are not among the accounts this export sends (not in "
        "it, excluded or in no population), so they select nothing: ",
        absl::StrJoin(unknown, ", ")));
  };
  warn(capture.opt_in_ids(), "sharing.opt_in");
  warn(capture.opt_out_ids(), "sharing.opt_out");
}

}  // namespace

absl::string_view ExportedAccount::Key(v1::KeyKind kind) const {
  for (const AccountKey& key : more_keys) {
    if (key.kind == kind) return key.value;
  }
  return "";
}

std::vector<absl::string_view> ExportedAccount::Keys(v1::KeyKind kind) const {
  std::vector<absl::string_view> keys;
  for (const AccountKey& key : more_keys) {
    if (key.kind == kind) keys.push_back(key.value);
  }
  return keys;
}

uint8_t ExportedAccount::id_kinds() const {
  uint8_t kinds = 0;
  for (const AccountKey& key : more_keys) kinds |= IdKindBit(key.kind);
  return kinds;
}

absl::StatusOr<std::unique_ptr<CrmExportReader>> CrmExportReader::Create(
    const ClientConfig& config) {
  ASSIGN_OR_RETURN(std::vector<CrmProfile> profiles,
                   LoadCrmProfiles(CrmProfileDirs(config)));
  return Create(config, std::move(profiles));
}

absl::StatusOr<std::unique_ptr<CrmExportReader>> CrmExportReader::Create(
    const ClientConfig& config, std::vector<CrmProfile> profiles) {
  ASSIGN_OR_RETURN(auto names, CompanyNameNormalizer::Create());
  ASSIGN_OR_RETURN(auto domains, DomainNormalizer::Create());
  return std::unique_ptr<CrmExportReader>(new CrmExportReader(
      config, std::move(profiles), std::move(names), std::move(domains)));
}

absl::StatusOr<CrmExport> CrmExportReader::Read(
    const std::string& path, const ReadProgress& progress,
    const std::string& contacts_path, const SharingConfig* sharing) const {
  std::optional<ContactDomains> contacts;
  if (!contacts_path.empty()) {
    RETURN_IF_ERROR(CheckExportFile(contacts_path));
    ASSIGN_OR_RETURN(contacts, ReadContactDomains(contacts_path, *domains_));
  }
  RETURN_IF_ERROR(CheckExportFile(path));
  ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> csv,
                   OpenExportTable(path, config_.export_sheet));
  ASSIGN_OR_RETURN(std::optional<CsvRow> header_row, csv->Next());
  if (!header_row.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": the file is empty (expected a header row)"));
  }
  RETURN_IF_ERROR(CheckHeaderDelimiter(header_row->fields, path));
  CrmExport result;
  ExportSummary& summary = result.summary;
  summary.source = path;
  std::optional<CrmProfile> profile_file;
  ASSIGN_OR_RETURN(const ProfileChoice profile,
                   ChooseProfile(profiles_, config_, header_row->fields, path,
                                 profile_file));
  if (profile.profile != nullptr) {
    summary.profile = profile.profile->name;
    summary.profile_title = profile.profile->title;
  }
  summary.profile_reason = profile.reason;
  ASSIGN_OR_RETURN(
      summary.columns,
      ResolveColumns(header_row->fields, config_, path,
                     profile.profile ? &profile.profile->columns : nullptr));
  const ExportColumns& columns = summary.columns;
  RETURN_IF_ERROR(CheckKeyColumnsUnique(columns, path));
  for (const std::string& duplicate :
       DuplicateHeaderNames(header_row->fields)) {
    summary.warnings.push_back(
        absl::StrCat("the header has ", duplicate,
                     " more than once: filters and detail use the first"));
  }
  const size_t width = header_row->fields.size();

  // Bind the filters to this header. The built-in populations (or the
  // profile's) tolerate a missing type column; configured ones do not.
  std::vector<PopulationConfig> populations =
      PopulationsFor(config_, profile.profile);
  bool any_population_bound = false;
  for (PopulationConfig& population : populations) {
    absl::Status bound = population.filter.Bind(
        header_row->fields, /*missing_is_false=*/!config_.custom_populations);
    if (!bound.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": population \"", population.name, "\": ", bound.message()));
    }
    any_population_bound |= population.filter.BoundToAnyColumn();
  }
  if (!any_population_bound) {
    return MissingTypeColumnError(path, profile.profile);
  }
  std::optional<RowFilter> exclude = config_.exclude;
  if (exclude.has_value()) {
    absl::Status bound = exclude->Bind(header_row->fields, false);
    if (!bound.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": exclude: ", bound.message()));
    }
  }
  summary.population_sizes.assign(populations.size(), 0);

  std::optional<DetailCapture> capture;
  if (sharing != nullptr) {
    ASSIGN_OR_RETURN(
        capture, DetailCapture::Create(*sharing, columns, populations, path));
    RETURN_IF_ERROR(capture->BindRelationship(config_.plan.relationship,
                                              header_row->fields, path));
  }
  if (contacts.has_value()) {
    if (columns.id < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          path,
          ": contacts are joined to accounts by account id, and the export "
          "has no id column"));
    }
    summary.contacts = contacts->rows;
    summary.unusable_contact_emails = contacts->unusable;
  }
  // Row number of each account id kept, by a 64-bit hash of the id: no
  // per-row allocation, and a collision among a few million ids is
  // vanishingly unlikely (and would only reject one row as a duplicate).
  FoldContext fold{columns, {}, contacts.has_value() ? &*contacts : nullptr};
  // Rows are read here, normalized on worker threads a chunk at a time,
  // and folded into the result in order, so raw rows never pile up.
  NormalizerPool pool(*names_, *domains_,
                      std::max(1u, std::thread::hardware_concurrency()));
  std::error_code size_error;
  const uintmax_t file_bytes = std::filesystem::file_size(path, size_error);
  if (!size_error) {
    // An over-estimate costs only address space: untouched pages are never
    // faulted in.
    result.accounts.reserve(file_bytes / kMinBytesPerRow);
  }
  std::vector<std::unique_ptr<RowChunk>> spare;
  auto fold_oldest = [&] {
    std::unique_ptr<RowChunk> chunk = pool.TakeOldest();
    for (size_t i = 0; i < chunk->raw.size(); ++i) {
      FoldAccount(chunk->raw[i], chunk->keys[i], fold, result);
    }
    chunk->raw.clear();
    spare.push_back(std::move(chunk));
  };
  auto fresh_chunk = [&] {
    std::unique_ptr<RowChunk> chunk;
    if (spare.empty()) {
      chunk = std::make_unique<RowChunk>();
      chunk->raw.reserve(kChunkRows);
    } else {
      chunk = std::move(spare.back());
      spare.pop_back();
    }
    return chunk;
  };
  std::unique_ptr<RowChunk> filling = fresh_chunk();
  auto submit = [&] {
    pool.Submit(std::move(filling));
    while (pool.in_flight() > kMaxChunksInFlight) fold_oldest();
    filling = fresh_chunk();
  };
  CsvRow storage;  // reused from row to row
  CsvRow* row = &storage;
  while (true) {
    ASSIGN_OR_RETURN(bool more, csv->Next(storage));
    if (!more) break;
    ++summary.rows;
    if (progress && summary.rows % kProgressEveryRows == 0) {
      progress(summary.rows);
    }
    if (row->fields.size() > width) {
      ++summary.rejected;
      AddProblem(summary, row->row, "",
                 absl::StrCat("the row has ", row->fields.size(),
                              " fields but the header has ", width,
                              " (an unquoted comma?)"));
      continue;
    }
    if (row->fields.size() < width) {
      ++summary.ragged_rows;
      row->fields.resize(width);
    }
    if (exclude.has_value() && exclude->Matches(row->fields)) {
      ++summary.excluded;
      continue;
    }
    uint64_t bits = 0;
    for (size_t p = 0; p < populations.size(); ++p) {
      if (populations[p].filter.Matches(row->fields)) bits |= uint64_t{1} << p;
    }
    if (bits == 0) {
      ++summary.no_population;
      continue;
    }
    RawAccount& account = filling->raw.emplace_back();
    account.row = row->row;
    account.populations = bits;
    if (columns.id >= 0) {
      account.account_id =
          std::string(absl::StripAsciiWhitespace(row->fields[columns.id]));
    }
    if (account.account_id.empty()) {
      account.account_id = absl::StrCat("row:", row->row);
    }
    if (capture.has_value()) {
      const DetailCapture::Decision decision =
          capture->Decide(account.account_id, bits, row->fields);
      if (decision.offered) account.detail = capture->Build(row->fields, bits);
      account.opted_in = decision.opted_in;
      summary.opted_out += decision.opted_out ? 1 : 0;
    }
    if (columns.name >= 0) account.name = std::move(row->fields[columns.name]);
    for (int index : columns.websites) {
      account.websites.push_back(std::move(row->fields[index]));
    }
    account.additional_websites = columns.additional_websites;
    if (columns.country >= 0) account.country = row->fields[columns.country];
    const auto take = [&row](int index, std::string& field) {
      if (index >= 0) field = std::move(row->fields[index]);
    };
    take(columns.duns, account.duns);
    take(columns.lei, account.lei);
    take(columns.registration_id, account.registration_id);
    take(columns.registration_country, account.registration_country);
    if (filling->raw.size() == kChunkRows) submit();
  }
  if (!filling->raw.empty()) submit();
  while (pool.in_flight() > 0) fold_oldest();
  if (progress) progress(summary.rows);
  NoteEmptyPopulations(profile.profile, config_, summary);
  if (capture.has_value()) AddUnknownIdWarnings(*capture, result);
  return result;
}

}  // namespace blindmap
