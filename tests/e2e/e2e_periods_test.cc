// Monthly re-sync end to end with a fake clock (BLINDMAP_FAKE_NOW, read by
// blindmapd and blindmap alike): both sides sync in November, one in
// December; the report shows November and says the partner has not synced
// December; once it has, December is shown, November is in the history, and
// November's tokens are gone from the broker's files.
#include <signal.h>
#include <stdlib.h>

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/support/broker_fixture.h"
#include "tests/support/file_scan.h"
#include "tests/support/raw_database.h"

namespace blindmap {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class PeriodsTest : public BrokerTest {
 protected:
  void SetUp() override {
    BrokerTest::SetUp();
    SetClock("2026-11-20");
    StartBroker();
    for (const char* party : {"acme", "globex"}) AddParty(party);
    WriteFile(Csv("acme"),
              ReadFileOrEmpty(SourcePath("examples/acme-salesforce.csv")));
    WriteFile(Csv("globex"),
              ReadFileOrEmpty(SourcePath("examples/globex-hubspot.csv")));
  }
  void TearDown() override {
    BrokerTest::TearDown();
    unsetenv("BLINDMAP_FAKE_NOW");
  }

  // Every process started from now on (broker and clients) reads `day`.
  static void SetClock(const char* day) { setenv("BLINDMAP_FAKE_NOW", day, 1); }
  void RestartBroker() {
    ASSERT_EQ(StopBroker(SIGTERM), 0);
    StartBroker();
    RepointClients();
  }

  std::string Csv(const std::string& party) const {
    return party_dir(party) + "/accounts.csv";
  }

  nlohmann::json Sync(const std::string& party, const std::string& partner) {
    const ProcessResult run =
        Blindmap(party, {"sync", "--partner", partner, "--input", Csv(party),
                         "--format", "json"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return nlohmann::json::parse(run.out, nullptr, false);
  }

  nlohmann::json Json(const std::string& party, std::vector<std::string> args) {
    args.insert(args.end(), {"--format", "json"});
    const ProcessResult run = Blindmap(party, args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return nlohmann::json::parse(run.out, nullptr, false);
  }

  std::string PartnershipId() {
    return Json("acme", {"partner", "list"})["partnerships"][0]["id"];
  }
};

TEST_F(PeriodsTest, DecemberReplacesNovemberWhichStaysInTheHistory) {
  Partner("acme", "globex");  // monthly, default probe policy
  EXPECT_EQ(Sync("acme", "globex")["period"], "2026-11");
  EXPECT_EQ(Sync("globex", "acme")["period"], "2026-11");
  const nlohmann::json november =
      Json("acme", {"report", "--partner", "globex"});
  ASSERT_EQ(november["period"], "2026-11");
  const auto november_cells = november["matrix"]["my_records"];
  ASSERT_GT(november_cells[0][0].get<int>(), 0);

  SetClock("2026-12-03");
  RestartBroker();
  EXPECT_EQ(Sync("acme", "globex")["period"], "2026-12");
  const nlohmann::json waiting =
      Json("acme", {"report", "--partner", "globex"});
  EXPECT_EQ(waiting["period"], "2026-11");
  EXPECT_EQ(waiting["matrix"]["my_records"], november_cells);
  EXPECT_THAT(waiting["notes"].get<std::vector<std::string>>(),
              Contains("globex has not synced period 2026-12 yet (its last "
                       "sync was on 2026-11-20, for 2026-11); this shows "
                       "period 2026-11, the latest both sides have synced"));
  const ProcessResult text =
      Blindmap("acme", {"report", "--partner", "globex"});
  EXPECT_THAT(text.out, HasSubstr("globex has not synced period 2026-12 yet"));

  // November's data, to look for once it is superseded.
  const std::string id = PartnershipId();
  std::vector<Needle> november_data;
  ASSERT_EQ(StopBroker(SIGTERM), 0);
  {
    RawDatabase db(data_dir() + "/db");
    november_data = db.SnapshotData(id, "2026-11");
  }
  ASSERT_GT(november_data.size(), 400u);  // ~200 records a side, tokens
  StartBroker();
  RepointClients();

  EXPECT_EQ(Sync("globex", "acme")["period"], "2026-12");
  const nlohmann::json december =
      Json("acme", {"report", "--partner", "globex"});
  EXPECT_EQ(december["period"], "2026-12");
  for (const auto& note : december["notes"]) {
    EXPECT_THAT(note.get<std::string>(),
                ::testing::Not(HasSubstr("not synced")));
  }

  const nlohmann::json history =
      Json("acme", {"report", "--partner", "globex", "--history"});
  ASSERT_EQ(history["periods"].size(), 2u) << history.dump(2);
  EXPECT_EQ(history["periods"][0]["period"], "2026-11");
  EXPECT_EQ(history["periods"][1]["period"], "2026-12");
  const ProcessResult history_text =
      Blindmap("acme", {"report", "--partner", "globex", "--history"});
  ASSERT_EQ(history_text.exit_code, 0) << history_text.err;
  EXPECT_THAT(history_text.out, HasSubstr("2026-11"));
  EXPECT_THAT(history_text.out, HasSubstr("2026-12"));

  const ProcessResult compact =
      Blindmapd({"admin", "--config", broker_config(), "compact"});
  ASSERT_EQ(compact.exit_code, 0) << compact.err;
  EXPECT_THAT(FindNeedles(ReadTree(data_dir() + "/db"), november_data),
              IsEmpty());

  // What the new paths keep (history, upload counts, the noise key) and
  // log holds no account data.
  std::vector<Needle> accounts;
  for (const char* party : {"acme", "globex"}) {
    const std::vector<Needle> keys = AccountKeyNeedles(party, Csv(party));
    ASSERT_GT(keys.size(), 180u);
    accounts.insert(accounts.end(), keys.begin(), keys.end());
  }
  const auto files = ReadTree(data_dir(), {broker_log()});
  EXPECT_TRUE(AnyFileContains(files, "Customers"));  // control
  EXPECT_THAT(FindNeedles(files, accounts), IsEmpty());
}

}  // namespace
}  // namespace blindmap
