// E-mail domains of an account's contacts, from a contacts export.
#ifndef BLINDMAP_CLIENT_CRM_CONTACT_DOMAINS_H_
#define BLINDMAP_CLIENT_CRM_CONTACT_DOMAINS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "common/keys/web_domain.h"

namespace blindmap {

// Registrable domains of contacts' e-mail addresses, by account id.
struct ContactDomains {
  absl::flat_hash_map<std::string, std::vector<std::string>> by_account;
  int64_t rows = 0;             // contacts read
  int64_t without_account = 0;  // no account id in the row
  // E-mails that gave no key, by DomainVerdictName() ("free_mail", ...).
  std::map<std::string, int64_t> unusable;
};

// Reads a contacts export (Salesforce or HubSpot CSV): the account id from
// "Account ID", "AccountId", "Associated Company ID", "Company ID" or
// "Company Record ID", the address from "Email", "Email Address", "E-mail"
// or "Work Email". Free-mail and other unusable domains are dropped (and
// counted). INVALID_ARGUMENT naming the file for a malformed CSV or missing
// columns; messages never contain addresses.
absl::StatusOr<ContactDomains> ReadContactDomains(
    const std::string& path, const DomainNormalizer& domains);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_CRM_CONTACT_DOMAINS_H_
