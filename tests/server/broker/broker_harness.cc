#include "tests/server/broker/broker_harness.h"

namespace blindmap {

void BrokerHarness::SetUp() {
  auto store = Store::Open(dir_.path() + "/db", StoreOptions());
  ASSERT_TRUE(store.ok()) << store.status();
  store_ = *std::move(store);
  broker_ = std::make_unique<Broker>(store_.get(), [this] { return now_; });
  for (const char* party : {"acme", "globex", "initech"}) {
    v1::CreatePartyRequest request;
    request.set_name(party);
    auto created = broker_->CreateParty(request);
    ASSERT_TRUE(created.ok()) << created.status();
    tokens_[party] = created->api_token();
  }
}

std::string BrokerHarness::Partnership(const PartnershipTerms& terms) {
  v1::InvitePartnerRequest invite;
  invite.set_partner(terms.invitee);
  invite.set_key_check(kKeyCheck);
  invite.set_match_policy(terms.match);
  invite.set_cadence(terms.cadence);
  *invite.mutable_probe_policy() = terms.probe;
  auto invited = broker_->Invite(terms.inviter, invite);
  EXPECT_TRUE(invited.ok()) << invited.status();
  if (!invited.ok()) return "";
  v1::AcceptPartnershipRequest accept;
  accept.set_partnership_id(invited->id());
  accept.set_key_check(kKeyCheck);
  auto accepted = broker_->Accept(terms.invitee, accept);
  EXPECT_TRUE(accepted.ok()) << accepted.status();
  return invited->id();
}

v1::SnapshotHeader BrokerHarness::Header(const std::string& partnership,
                                         uint64_t records,
                                         const std::string& period) {
  v1::SnapshotHeader header;
  header.set_partnership_id(partnership);
  header.set_period(period);
  header.set_key_check(kKeyCheck);
  header.set_record_count(records);
  v1::PopulationSpec* customers = header.add_populations();
  customers->set_name("Customers");
  customers->set_kind(v1::POPULATION_KIND_CUSTOMER);
  v1::PopulationSpec* prospects = header.add_populations();
  prospects->set_name("Prospects");
  prospects->set_kind(v1::POPULATION_KIND_PROSPECT);
  return header;
}

absl::StatusOr<v1::UploadSnapshotResponse> BrokerHarness::UploadSnapshot(
    const std::string& party, const std::string& partnership,
    const v1::RecordBatch& batch, const std::string& period) {
  auto session = broker_->BeginUpload(
      party, Header(partnership, batch.records_size(), period));
  if (!session.ok()) return session.status();
  if (absl::Status s = (*session)->AddBatch(batch); !s.ok()) return s;
  v1::SnapshotCommit commit;
  commit.set_record_count(batch.records_size());
  return (*session)->Commit(commit);
}

v1::OverlapReport BrokerHarness::ReportFor(const std::string& party,
                                           const std::string& partnership) {
  v1::GetReportRequest request;
  request.set_partnership_id(partnership);
  auto report = broker_->Report(party, request);
  EXPECT_TRUE(report.ok()) << report.status();
  return report.ok() ? *report : v1::OverlapReport();
}

}  // namespace blindmap
