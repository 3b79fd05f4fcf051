// An in-process broker over a real RocksDB in a temp dir, with a fake clock
// and three parties (acme, globex, initech), for tests of the protocol
// without gRPC.
#ifndef BLINDMAP_TESTS_SERVER_BROKER_BROKER_HARNESS_H_
#define BLINDMAP_TESTS_SERVER_BROKER_BROKER_HARNESS_H_

#include <map>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "server/broker/broker.h"
#include "server/store/store.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_policies.h"

namespace blindmap {

inline constexpr char kKeyCheck[] = "0123456789abcdef";

// What an invitation proposes; the invitee accepts it as is.
struct PartnershipTerms {
  std::string inviter = "acme";
  std::string invitee = "globex";
  v1::MatchPolicy match = v1::MATCH_POLICY_UNSPECIFIED;
  v1::ProbePolicy probe = NoProbeLimits();
  v1::SyncCadence cadence = v1::SYNC_CADENCE_UNSPECIFIED;
};

class BrokerHarness : public ::testing::Test {
 protected:
  void SetUp() override;

  // Invites and accepts; returns the partnership id ("" on failure, which
  // fails the test).
  std::string Partnership(const PartnershipTerms& terms = {});

  // A header for `records` records of Customers and Prospects.
  v1::SnapshotHeader Header(const std::string& partnership, uint64_t records,
                            const std::string& period = "2026-11");
  // One whole upload of `batch` by `party`.
  absl::StatusOr<v1::UploadSnapshotResponse> UploadSnapshot(
      const std::string& party, const std::string& partnership,
      const v1::RecordBatch& batch, const std::string& period = "2026-11");
  absl::Status Upload(const std::string& party, const std::string& partnership,
                      const v1::RecordBatch& batch,
                      const std::string& period = "2026-11") {
    return UploadSnapshot(party, partnership, batch, period).status();
  }
  // The report for `party` (empty on error, which fails the test).
  v1::OverlapReport ReportFor(const std::string& party,
                              const std::string& partnership);

  TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Broker> broker_;
  absl::Time now_ = absl::FromCivil(absl::CivilSecond(2026, 11, 20, 9, 0, 0),
                                    absl::UTCTimeZone());
  std::map<std::string, std::string> tokens_;  // party -> API token
};

}  // namespace blindmap

#endif  // BLINDMAP_TESTS_SERVER_BROKER_BROKER_HARNESS_H_
