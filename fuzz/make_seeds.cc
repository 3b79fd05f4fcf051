// Writes the seed inputs of fuzz_upload_session (see upload_frames.h) into
// the directory given as the only argument:
//   fuzz_make_seeds fuzz/corpus/upload_session
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <string>

#include "blindmap/v1/broker.pb.h"
#include "fuzz/upload_frames.h"

namespace blindmap {
namespace {

using fuzz::AppendFrame;
using fuzz::kCallerIsInvitee;
using fuzz::UploadOp;

uint8_t Op(UploadOp op, bool invitee) {
  return static_cast<uint8_t>(static_cast<uint8_t>(op) |
                              (invitee ? kCallerIsInvitee : 0));
}

// Empty partnership id and key check: the fuzzer fills in its own.
v1::SnapshotHeader Header(uint64_t records, const std::string& period) {
  v1::SnapshotHeader header;
  header.set_period(period);
  header.set_record_count(records);
  v1::PopulationSpec* customers = header.add_populations();
  customers->set_name("Customers");
  customers->set_kind(v1::POPULATION_KIND_CUSTOMER);
  v1::PopulationSpec* prospects = header.add_populations();
  prospects->set_name("Prospects");
  prospects->set_kind(v1::POPULATION_KIND_PROSPECT);
  return header;
}

std::string Bytes16(char fill, uint8_t last) {
  std::string bytes(16, fill);
  bytes[15] = static_cast<char>(last);
  return bytes;
}

void AddRecord(v1::RecordBatch& batch, uint8_t id, uint64_t populations,
               std::initializer_list<uint8_t> tokens, bool detail = false) {
  v1::Record* record = batch.add_records();
  record->set_record_id(Bytes16('r', id));
  record->set_population_bits(populations);
  for (uint8_t t : tokens) {
    v1::Token* token = record->add_tokens();
    token->set_kind(t % 2 == 0 ? v1::KEY_KIND_DOMAIN : v1::KEY_KIND_NAME);
    token->set_value(Bytes16('t', t));
  }
  if (detail) record->set_sealed_detail(std::string(48, 'd'));
}

// A whole upload: header, one batch, commit of `commit_count` records.
void AppendUpload(std::string& out, bool invitee, const v1::RecordBatch& batch,
                  uint64_t commit_count, const std::string& period) {
  AppendFrame(out, Op(UploadOp::kBeginUpload, invitee),
              Header(batch.records_size(), period).SerializeAsString());
  AppendFrame(out, Op(UploadOp::kAddBatch, invitee), batch.SerializeAsString());
  v1::SnapshotCommit commit;
  commit.set_record_count(commit_count);
  AppendFrame(out, Op(UploadOp::kCommit, invitee), commit.SerializeAsString());
}

bool WriteSeed(const std::string& dir, const std::string& name,
               const std::string& data) {
  std::ofstream file(dir + "/" + name, std::ios::binary | std::ios::trunc);
  file << data;
  return static_cast<bool>(file);
}

}  // namespace
}  // namespace blindmap

int main(int argc, char** argv) {
  using blindmap::AddRecord;
  using blindmap::AppendUpload;
  using blindmap::Op;
  using blindmap::fuzz::AppendFrame;
  using blindmap::fuzz::UploadOp;
  namespace v1 = blindmap::v1;
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  bool ok = true;

  v1::RecordBatch acme;
  AddRecord(acme, 1, 1, {2, 3});
  AddRecord(acme, 2, 2, {4}, /*detail=*/true);
  AddRecord(acme, 3, 3, {6, 7});
  v1::RecordBatch globex;
  AddRecord(globex, 1, 1, {2}, /*detail=*/true);
  AddRecord(globex, 9, 2, {7, 8});

  // Both sides upload, then every read.
  std::string both;
  AppendUpload(both, false, acme, 3, "2026-11");
  AppendUpload(both, true, globex, 2, "2026-11");
  AppendFrame(both, Op(UploadOp::kReport, false), "");
  AppendFrame(both, Op(UploadOp::kSharedAccounts, true), "");
  AppendFrame(both, Op(UploadOp::kHistory, false), "");
  ok &= blindmap::WriteSeed(dir, "upload_both_report", both);

  // Sharing levels raised, then an opt-out and the shared accounts.
  std::string sharing;
  v1::SetSharingRequest levels;
  v1::PopulationSharing* level = levels.add_levels();
  level->set_population("Customers");
  level->set_level(v1::SHARING_LEVEL_OVERLAPS);
  AppendFrame(sharing, Op(UploadOp::kSetSharing, false),
              levels.SerializeAsString());
  AppendFrame(sharing, Op(UploadOp::kSetSharing, true),
              levels.SerializeAsString());
  AppendUpload(sharing, false, acme, 3, "2026-10");
  v1::OptOutRequest opt_out;
  opt_out.add_record_ids(blindmap::Bytes16('r', 2));
  opt_out.add_record_ids("short");
  AppendFrame(sharing, Op(UploadOp::kOptOut, false),
              opt_out.SerializeAsString());
  AppendFrame(sharing, Op(UploadOp::kSharedAccounts, false), "");
  ok &= blindmap::WriteSeed(dir, "sharing_opt_out", sharing);

  // Refused uploads: a reused record id, a short token, a count mismatch.
  std::string refused;
  v1::RecordBatch reused = acme;
  AddRecord(reused, 1, 1, {5});
  AppendUpload(refused, false, reused, 4, "2026-11");
  v1::RecordBatch short_token;
  AddRecord(short_token, 4, 1, {2});
  short_token.mutable_records(0)->mutable_tokens(0)->set_value("abc");
  AppendUpload(refused, true, short_token, 1, "2026-11");
  AppendUpload(refused, true, globex, 7, "2026-11");
  ok &= blindmap::WriteSeed(dir, "refused_uploads", refused);

  // Another partnership id and a period outside the window.
  std::string elsewhere;
  v1::GetReportRequest report;
  report.set_partnership_id(std::string(32, 'f'));
  AppendFrame(elsewhere, Op(UploadOp::kReport, true),
              report.SerializeAsString());
  AppendUpload(elsewhere, false, acme, 3, "2024-01");
  ok &= blindmap::WriteSeed(dir, "other_partnership_and_period", elsewhere);

  if (!ok) {
    std::fprintf(stderr, "cannot write the seeds into %s\n", dir.c_str());
    return 1;
  }
  return 0;
}
