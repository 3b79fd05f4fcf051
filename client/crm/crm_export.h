// Reading a CRM export (CSV) into accounts with normalized match keys.
#ifndef BLINDMAP_CLIENT_CRM_CRM_EXPORT_H_
#define BLINDMAP_CLIENT_CRM_CRM_EXPORT_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "blindmap/v1/broker.pb.h"
#include "client/config/client_config.h"
#include "client/crm/crm_profiles.h"
#include "client/crm/export_columns.h"
#include "common/keys/company_name.h"
#include "common/keys/web_domain.h"

namespace blindmap {

// One of an account's keys: its kind and normalized value.
struct AccountKey {
  v1::KeyKind kind = v1::KEY_KIND_UNSPECIFIED;
  std::string value;
};

// One account that may leave this machine as tokens. The keys are the
// normalized values that get tokenized; they never leave the machine.
struct ExportedAccount {
  int64_t row = 0;           // spreadsheet row number in the export
  std::string account_id;    // the CRM id, or "row:<n>" without an id column
  uint64_t populations = 0;  // bit i: config.populations[i]
  std::string name_key;      // empty: no name key
  std::vector<std::string> domain_keys;  // distinct registrable domains
  // The other keys, together so that an account without them stays small,
  // in this order: registration ids (KEY_KIND_DUNS: 9 digits, KEY_KIND_LEI:
  // 20 characters, KEY_KIND_REGISTRATION_ID: "DE:HRB12345"); other
  // spellings of the name (KEY_KIND_NAME: "siemens" for "Siemens AG
  // (Deutschland)"), matched like name_key; KEY_KIND_NAME_VARIANTs (weaker
  // name forms, tokenized only under the broad policy); the brand labels of
  // the account's own websites (KEY_KIND_BRAND_LABEL: "gxo") and their
  // weaker forms (KEY_KIND_BRAND_LABEL_VARIANT).
  std::vector<AccountKey> more_keys;
  // ISO 3166-1 alpha-2 code of the account's country ("GB"), or "".
  std::string country;
  // When the account's detail is offered to the partner: the serialized
  // AccountDetail (sealed before upload); empty otherwise.
  std::string detail;
  bool opted_in = false;  // offered because it was opted in explicitly

  // The first key of `kind` in more_keys, or "".
  absl::string_view Key(v1::KeyKind kind) const;
  // Every key of `kind` in more_keys.
  std::vector<absl::string_view> Keys(v1::KeyKind kind) const;
  // kHasDuns | kHasLei | kHasRegistrationId (match_rule.h) for the ids here.
  uint8_t id_kinds() const;
};

// A row that was dropped, and why. Never holds the row's values.
struct RowProblem {
  int64_t row = 0;
  std::string column;  // header name, or "" for the whole row
  std::string reason;
};

// Everything a dry run shows, and what `sync` reports.
struct ExportSummary {
  std::string source;
  ExportColumns columns;
  // The CRM profile the export was read with ("" / "" without one), and how
  // it was chosen ("recognized from the header (...)", ...).
  std::string profile;
  std::string profile_title;
  std::string profile_reason;
  // Things the reader wants a person to know (the profile's hint when no row
  // is in any population, ...). Never holds a cell's value.
  std::vector<std::string> notes;
  int64_t rows = 0;           // data rows read (header excluded)
  int64_t ragged_rows = 0;    // shorter than the header, padded with ""
  int64_t excluded = 0;       // matched `exclude`: never leave the machine
  int64_t no_population = 0;  // in no population: not sent
  int64_t no_key = 0;         // no usable name or website: not sent
  int64_t rejected = 0;       // malformed rows (see problems)
  std::vector<uint64_t> population_sizes;  // accounts kept, per population
  // Records by the keys they carry (a registration id counts with "ids").
  int64_t name_and_domain = 0;
  int64_t name_only = 0;
  int64_t domain_only = 0;
  int64_t ids_only = 0;  // registration ids, no name or domain
  int64_t with_ids = 0;  // records carrying any registration id
  int64_t name_keys = 0;
  int64_t domain_keys = 0;
  int64_t name_variant_keys = 0;  // weak variants (broad policy only)
  int64_t name_form_keys = 0;     // other spellings matched like the name
  int64_t brand_label_keys = 0;
  int64_t with_country = 0;  // records with a country
  int64_t duns_keys = 0;
  int64_t lei_keys = 0;
  int64_t registration_keys = 0;
  // Websites that gave no key, by DomainVerdictName() ("free_mail", ...).
  std::map<std::string, int64_t> unusable_websites;
  // Id cells that gave no key, by kind ("duns", "lei", "registration_id").
  std::map<std::string, int64_t> invalid_ids;
  // From a contacts export (zero without one): contacts read, domains they
  // added to accounts, and contact e-mails that gave no key by verdict.
  // Sharing with the partner read for (zero without one): accounts whose
  // detail is offered, and explicit opt-ins and opt-outs among the records.
  int64_t detail_offered = 0;
  int64_t opted_in = 0;
  int64_t opted_out = 0;
  int64_t contacts = 0;
  int64_t contact_domains_added = 0;
  std::map<std::string, int64_t> unusable_contact_emails;
  // Dropped rows (no_key and rejected), the first kMaxProblems of them.
  std::vector<RowProblem> problems;
  // What the person should know though nothing failed: header names used
  // twice, opt-in and opt-out ids that are not among the accounts read
  // (they may name CRM ids; shown only on this machine).
  std::vector<std::string> warnings;

  static constexpr size_t kMaxProblems = 1000;
};

struct CrmExport {
  std::vector<ExportedAccount> accounts;
  ExportSummary summary;
};

// Called now and then with the number of rows read so far.
using ReadProgress = std::function<void(int64_t rows)>;

// Reads CRM exports as they come, CSV or XLSX (OpenExportTable): the CRM is
// recognized from the header by its profile (crm_profiles.h), or the config
// names it; columns are found by their common Salesforce and HubSpot names
// and the profile's, each overridable in the config. It applies the exclusion
// filter and the populations, normalizes names and websites (in parallel)
// and drops rows without a usable key. A malformed row is dropped and
// listed; a malformed file (bad CSV, not UTF-8, no usable columns) is an
// INVALID_ARGUMENT error naming the file, row and column; so are an Excel
// workbook or UTF-16 text saved as .csv, a semicolon- or tab-separated
// file (naming the delimiter), and a key column (id, name, website, ids,
// country) whose header name occurs twice. Other repeated header names and
// opt-in/opt-out ids not among the accounts read are summary warnings.
//
// Owns its normalizers. Read() is const and thread-safe.
class CrmExportReader {
 public:
  // `config` must outlive the reader. Reads the profiles of
  // CrmProfileDirs(config); INVALID_ARGUMENT for a malformed one.
  static absl::StatusOr<std::unique_ptr<CrmExportReader>> Create(
      const ClientConfig& config);
  // With these profiles (none: the built-in column names and populations).
  static absl::StatusOr<std::unique_ptr<CrmExportReader>> Create(
      const ClientConfig& config, std::vector<CrmProfile> profiles);

  // `contacts_path`, if not empty, names a contacts export whose e-mail
  // domains join their accounts' domain keys (the export then needs an id
  // column).
  // `sharing`, if given, decides which accounts offer their detail to the
  // partner (ExportedAccount::detail).
  absl::StatusOr<CrmExport> Read(const std::string& path,
                                 const ReadProgress& progress = {},
                                 const std::string& contacts_path = "",
                                 const SharingConfig* sharing = nullptr) const;

 private:
  CrmExportReader(const ClientConfig& config, std::vector<CrmProfile> profiles,
                  std::unique_ptr<CompanyNameNormalizer> names,
                  std::unique_ptr<DomainNormalizer> domains)
      : config_(config),
        profiles_(std::move(profiles)),
        names_(std::move(names)),
        domains_(std::move(domains)) {}

  const ClientConfig& config_;
  std::vector<CrmProfile> profiles_;
  std::unique_ptr<CompanyNameNormalizer> names_;
  std::unique_ptr<DomainNormalizer> domains_;
};

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_CRM_CRM_EXPORT_H_
