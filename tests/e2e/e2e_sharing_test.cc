// Mutual opt-in end to end: a real blindmapd on 127.0.0.1 and real clients.
// Detail is released only where both companies offer the matching account,
// opens only on the partner's machine, is rejected per record when altered
// or misplaced on the broker, never reaches the broker's files in
// plaintext, and is gone from them after revocation and party removal.
#include <signal.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/support/broker_fixture.h"
#include "tests/support/file_scan.h"
#include "tests/support/raw_database.h"

namespace blindmap {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Salesforce export. Partner Ready says which accounts acme opts in.
// 1 and 2 are customers that globex has too, 3 a prospect globex has as a
// customer, 4 nobody else has.
const char kAcmeCsv[] =
    "Account ID,Account Name,Type,Website,Account Owner,Owner Email,"
    "Partner Note,Partner Ready\n"
    "0015g00000s0001AAA,Quillfeather Robotics GmbH,Customer - Direct,"
    "https://www.quillfeather-robotics.com/de,Dana Whitlock,"
    "dana.whitlock@acme-sales.test,Renewal in March; champion is the CTO,yes\n"
    "0015g00000s0002AAA,Marrowind Analytics Inc.,Customer - Direct,"
    "marrowind-analytics.com,Evan Oduya,evan.oduya@acme-sales.test,"
    "Expanding to EMEA next year,no\n"
    "0015g00000s0003AAA,Tessaline Foods Ltd,Prospect,tessaline-foods.co.uk,"
    "Dana Whitlock,dana.whitlock@acme-sales.test,"
    "Evaluating us against two vendors,yes\n"
    "0015g00000s0004AAA,Brightwater Kilns LLC,Customer - Direct,"
    "brightwater-kilns.com,Evan Oduya,evan.oduya@acme-sales.test,"
    "Pilot in Q3,yes\n";

// HubSpot export: the same three companies and one of its own.
const char kGlobexCsv[] =
    "Record ID,Company name,Company Domain Name,Lifecycle Stage,"
    "Company owner,Owner Email,Partner Note,Partner Ready\n"
    "8801,QUILLFEATHER ROBOTICS,quillfeather-robotics.com,Customer,"
    "Rosa Lindqvist,rosa.lindqvist@globex-partners.test,"
    "Uses our API since 2024,yes\n"
    "8802,Marrowind Analytics,marrowind-analytics.com,Customer,"
    "Tomas Ferreira,tomas.ferreira@globex-partners.test,"
    "Happy to co-present at their summit,yes\n"
    "8803,Tessaline Foods,tessaline-foods.co.uk,Customer,Rosa Lindqvist,"
    "rosa.lindqvist@globex-partners.test,Key logo in UK retail,no\n"
    "8804,Oxbridge Lanterns Co,oxbridge-lanterns.com,Customer,"
    "Tomas Ferreira,tomas.ferreira@globex-partners.test,Churn risk,yes\n";

// A third company with one of the same accounts, for replays across
// partnerships.
const char kInitechCsv[] =
    "Account ID,Account Name,Type,Website,Account Owner,Owner Email,"
    "Partner Note,Partner Ready\n"
    "001INITECH0000001,Quillfeather Robotics,Customer - Direct,"
    "quillfeather-robotics.com,Bill Lumbergh,bill.lumbergh@initech.test,"
    "Initech's private note on Quillfeather,yes\n";

// Everything a partner may see, opted in by a column.
const char kSharingYaml[] =
    "sharing:\n"
    "  fields: [account_name, website, populations, owner, note]\n"
    "  opt_in: {where: {column: Partner Ready, equals: \"yes\"}}\n";

class SharingE2eTest : public BrokerTest {
 protected:
  void SetUp() override {
    BrokerTest::SetUp();
    StartBroker();
    AddParty("acme", kSharingYaml);
    AddParty("globex", kSharingYaml);
    WriteFile(Csv("acme"), kAcmeCsv);
    WriteFile(Csv("globex"), kGlobexCsv);
    Partner("acme", "globex");
  }

  std::string Csv(const std::string& party) const {
    return party_dir(party) + "/accounts.csv";
  }
  std::string db_dir() const { return data_dir() + "/db"; }

  void Sync(const std::string& party, const std::string& partner) {
    const ProcessResult run =
        Blindmap(party, {"sync", "--partner", partner, "--input", Csv(party)});
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }

  // Both sides put Customers at `overlaps` and sync again.
  void OfferCustomers(const std::string& a, const std::string& b) {
    for (const auto& [party, partner] :
         {std::pair<std::string, std::string>{a, b}, {b, a}}) {
      const ProcessResult set = Blindmap(
          party,
          {"sharing", "--partner", partner, "--set", "Customers=overlaps"});
      ASSERT_EQ(set.exit_code, 0) << set.err;
      Sync(party, partner);
    }
  }

  nlohmann::json Shared(const std::string& party, const std::string& partner) {
    const ProcessResult run =
        Blindmap(party, {"shared", "--partner", partner, "--format", "json"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return nlohmann::json::parse(run.out, nullptr, false);
  }

  // (my account id, partner's account name) of each shared account.
  std::vector<std::pair<std::string, std::string>> SharedPairs(
      const std::string& party, const std::string& partner) {
    std::vector<std::pair<std::string, std::string>> pairs;
    const nlohmann::json shared = Shared(party, partner);
    for (const auto& account : shared["accounts"]) {
      pairs.emplace_back(account["my_account_id"],
                         account["partner"]["account_name"]);
    }
    return pairs;
  }

  std::string PartnershipId(const std::string& party,
                            const std::string& partner) {
    const ProcessResult run =
        Blindmap(party, {"partner", "list", "--format", "json"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    const auto json = nlohmann::json::parse(run.out, nullptr, false);
    for (const auto& p : json["partnerships"]) {
      if (p["partner"] == partner) return p["id"];
    }
    ADD_FAILURE() << "no partnership of " << party << " with " << partner;
    return "";
  }

  // Stops the broker, runs `change` on its database, starts it again.
  template <typename Change>
  void WithBrokerStopped(Change change) {
    ASSERT_EQ(StopBroker(SIGTERM), 0);
    {
      RawDatabase db(db_dir());
      change(db);
    }
    StartBroker();
    RepointClients();
  }

  void Compact() {
    const ProcessResult run =
        Blindmapd({"admin", "--config", broker_config(), "compact"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }
};

TEST_F(SharingE2eTest, LevelsNameALastSyncedPopulationExactlyAndCanBeUnset) {
  const auto sharing = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"sharing", "--partner", "globex"});
    return Blindmap("acme", args);
  };
  const auto my_levels = [&] {
    const ProcessResult run = sharing({"--format", "json"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return nlohmann::json::parse(run.out, nullptr, false)["mine"];
  };
  // Before acme's first sync: the config's populations.
  ProcessResult run = sharing({"--set", "Bogus=overlaps"});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_THAT(run.err, HasSubstr("--set Bogus=overlaps: no population "
                                 "\"Bogus\" in the config (you have not "
                                 "synced with this partner yet); the "
                                 "populations are Customers, Prospects"));
  Sync("acme", "globex");
  run = sharing({"--set", "Bogus=overlaps"});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_THAT(run.err, HasSubstr("no population \"Bogus\" in your last "
                                 "upload for this partner; the populations "
                                 "are Customers, Prospects"));
  run = sharing({"--set", "customers=hidden"});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_THAT(run.err, HasSubstr("Names are case-exact: did you mean "
                                 "\"Customers\"?"));
  EXPECT_EQ(my_levels(), nlohmann::json::object());  // nothing was set

  run = sharing({"--set", "Customers=overlaps", "--set", "Prospects=hidden"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(my_levels(), (nlohmann::json{{"Customers", "overlaps"},
                                         {"Prospects", "hidden"}}));
  run = sharing({"--unset", "Prospects"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(my_levels(), (nlohmann::json{{"Customers", "overlaps"}}));
  run = sharing({"--unset", "Prospects"});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_THAT(run.err, HasSubstr("--unset Prospects: no level is set for "
                                 "\"Prospects\" (levels are set for "
                                 "Customers)"));
  run = sharing({"--set", "Customers=counts", "--unset", "Customers"});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(my_levels(), (nlohmann::json{{"Customers", "overlaps"}}));
}

TEST_F(SharingE2eTest, OptOutNamesTheAccountIdsItDoesNotKnow) {
  Sync("acme", "globex");
  const ProcessResult run =
      Blindmap("acme", {"opt-out", "--partner", "globex", "--account",
                        "0015g00000s0001AAA", "--account", "NOPE-0000000001"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Opted out 1 account(s) for globex"));
  EXPECT_THAT(run.out, HasSubstr("1 account id(s) are in none of your uploads "
                                 "for globex (not counted; later syncs keep "
                                 "them out too): NOPE-0000000001"));
}

// A note far beyond what a detail may hold (16 KiB sealed) is cut to
// kMaxDetailFieldBytes at a character boundary; the sync goes through and
// the partner sees the cut note.
TEST_F(SharingE2eTest, AnOverlongFieldIsCutSoTheDetailStillTravels) {
  std::string long_note;
  for (int i = 0; i < 10000; ++i) long_note += "\xC3\xA9";  // 20,000 bytes
  WriteFile(Csv("globex"),
            absl::StrReplaceAll(kGlobexCsv,
                                {{"Uses our API since 2024", long_note}}));
  Sync("acme", "globex");
  Sync("globex", "acme");
  const nlohmann::json to_acme = Shared("acme", "globex");
  ASSERT_EQ(to_acme["accounts"].size(), 1u) << to_acme.dump(2);
  const std::string note = to_acme["accounts"][0]["partner"]["note"];
  // 1,021 bytes before the ellipsis would split an "é": 510 whole ones
  // (1,020 bytes), then the ellipsis.
  EXPECT_EQ(note.size(), 1023u);
  EXPECT_EQ(note, long_note.substr(0, 1020) + "\xE2\x80\xA6");
}

TEST_F(SharingE2eTest, OnlyAccountsBothSidesOfferAreReleasedWithTheirDetail) {
  Sync("acme", "globex");
  Sync("globex", "acme");

  // At `counts`, only the opt-ins count: pair 1 is opted in on both sides;
  // pair 2 by globex only, pair 3 by acme only.
  const nlohmann::json to_acme = Shared("acme", "globex");
  ASSERT_EQ(to_acme["accounts"].size(), 1u) << to_acme.dump(2);
  const nlohmann::json& account = to_acme["accounts"][0];
  EXPECT_EQ(account["my_account_id"], "0015g00000s0001AAA");
  EXPECT_EQ(account["my_account_name"], "Quillfeather Robotics GmbH");
  EXPECT_EQ(account["partner"]["account_name"], "QUILLFEATHER ROBOTICS");
  EXPECT_EQ(account["partner"]["website"], "quillfeather-robotics.com");
  EXPECT_EQ(account["partner"]["owner_name"], "Rosa Lindqvist");
  EXPECT_EQ(account["partner"]["owner_email"],
            "rosa.lindqvist@globex-partners.test");
  EXPECT_EQ(account["partner"]["note"], "Uses our API since 2024");
  EXPECT_EQ(account["partner"]["populations"],
            nlohmann::json::array({"Customers"}));
  EXPECT_EQ(account["overlap_type"], "customer_customer");
  EXPECT_THAT(account["action"].get<std::string>(), HasSubstr("Expand"));
  EXPECT_THAT(to_acme["problems"], IsEmpty());

  EXPECT_THAT(SharedPairs("globex", "acme"),
              ElementsAre(std::pair<std::string, std::string>{
                  "8801", "Quillfeather Robotics GmbH"}));
  const ProcessResult text =
      Blindmap("globex", {"shared", "--partner", "acme"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("Renewal in March; champion is the CTO"));
  EXPECT_THAT(text.out, HasSubstr("dana.whitlock@acme-sales.test"));

  // Customers at `overlaps` on both sides offers every customer: pair 2
  // (globex opted in, acme's customer) and pair 3 (acme's opted-in
  // prospect, globex's customer) join; warm introductions sort first.
  OfferCustomers("acme", "globex");
  const nlohmann::json wider = Shared("acme", "globex");
  ASSERT_EQ(wider["accounts"].size(), 3u) << wider.dump(2);
  EXPECT_EQ(wider["accounts"][0]["overlap_type"], "prospect_customer");
  EXPECT_EQ(wider["accounts"][0]["my_account_id"], "0015g00000s0003AAA");
  EXPECT_EQ(wider["accounts"][0]["partner"]["note"], "Key logo in UK retail");
  EXPECT_EQ(SharedPairs("globex", "acme").size(), 3u);

  // acme opts account 1 out: globex loses it at once, and so does acme.
  // (For globex, its customer that is acme's prospect sorts first.)
  const ProcessResult out = Blindmap(
      "acme",
      {"opt-out", "--partner", "globex", "--account", "0015g00000s0001AAA"});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  EXPECT_THAT(
      SharedPairs("globex", "acme"),
      ElementsAre(
          std::pair<std::string, std::string>{"8803", "Tessaline Foods Ltd"},
          std::pair<std::string, std::string>{"8802",
                                              "Marrowind Analytics Inc."}));
  EXPECT_EQ(SharedPairs("acme", "globex").size(), 2u);
}

TEST_F(SharingE2eTest, SharedDetailNeverReachesTheBrokerInPlaintext) {
  OfferCustomers("acme", "globex");
  ASSERT_EQ(SharedPairs("acme", "globex").size(), 3u);
  ASSERT_EQ(SharedPairs("globex", "acme").size(), 3u);
  ASSERT_EQ(StopBroker(SIGTERM), 0);

  std::vector<Needle> needles;
  for (const char* text : {"Quillfeather",
                           "QUILLFEATHER",
                           "quillfeather",
                           "Marrowind",
                           "Tessaline",
                           "Brightwater",
                           "Oxbridge",
                           "Whitlock",
                           "Lindqvist",
                           "Ferreira",
                           "Oduya",
                           "acme-sales.test",
                           "globex-partners.test",
                           "Renewal in March",
                           "champion is the CTO",
                           "Expanding to EMEA",
                           "Evaluating us",
                           "Uses our API",
                           "co-present",
                           "Key logo",
                           "Churn risk",
                           "0015g00000s000",
                           "Pilot in Q3"}) {
    AddNeedle(needles, text, "shared detail");
  }
  const auto files = ReadTree(data_dir(), {broker_log()});
  // Control: the scan reads what the broker does store by design.
  EXPECT_TRUE(AnyFileContains(files, "Customers"));
  EXPECT_TRUE(AnyFileContains(files, "globex"));
  EXPECT_THAT(FindNeedles(files, needles), IsEmpty());
}

TEST_F(SharingE2eTest, AlteredOrMisplacedDetailIsRejectedPerRecord) {
  AddParty("initech", kSharingYaml);
  WriteFile(Csv("initech"), kInitechCsv);
  Partner("acme", "initech");
  OfferCustomers("acme", "globex");
  OfferCustomers("acme", "initech");
  const std::string with_globex = PartnershipId("acme", "globex");
  const std::string with_initech = PartnershipId("acme", "initech");
  using Pair = std::pair<std::string, std::string>;
  const std::vector<Pair> all = {
      {"0015g00000s0001AAA", "QUILLFEATHER ROBOTICS"},
      {"0015g00000s0002AAA", "Marrowind Analytics"},
      {"0015g00000s0003AAA", "Tessaline Foods"}};
  std::vector<Pair> sorted = SharedPairs("acme", "globex");
  std::sort(sorted.begin(), sorted.end());
  ASSERT_EQ(sorted, all);
  ASSERT_EQ(SharedPairs("acme", "initech").size(), 1u);

  std::vector<std::pair<std::string, std::string>> original;
  WithBrokerStopped(
      [&](RawDatabase& db) { original = db.Details(with_globex, "globex"); });
  ASSERT_EQ(original.size(), 4u);  // every globex record offers its detail

  // Runs `alter` on globex's sealed details, checks what acme gets, and
  // puts the originals back.
  const auto expect_after = [&](const std::string& what, auto alter,
                                const std::vector<Pair>& shown,
                                size_t problems) {
    SCOPED_TRACE(what);
    WithBrokerStopped([&](RawDatabase& db) { alter(db); });
    const nlohmann::json shared = Shared("acme", "globex");
    std::vector<Pair> pairs;
    for (const auto& account : shared["accounts"]) {
      pairs.emplace_back(account["my_account_id"],
                         account["partner"]["account_name"]);
    }
    std::sort(pairs.begin(), pairs.end());
    EXPECT_EQ(pairs, shown);
    ASSERT_EQ(shared["problems"].size(), problems) << shared.dump(2);
    for (const auto& problem : shared["problems"]) {
      EXPECT_THAT(problem.get<std::string>(),
                  HasSubstr("the partner's detail does not open"));
      EXPECT_THAT(problem.get<std::string>(), HasSubstr("of 3"));
    }
    WithBrokerStopped([&](RawDatabase& db) {
      for (const auto& [key, value] : original) db.Put("details", key, value);
    });
  };

  // One flipped bit in the ciphertext of globex's record 1.
  expect_after(
      "tampered",
      [&](RawDatabase& db) {
        std::string altered = original[0].second;
        altered[altered.size() / 2] ^= 0x01;
        db.Put("details", original[0].first, altered);
      },
      {all[1], all[2]}, 1);
  // Records 1 and 2 swap their (valid) ciphertexts: each is bound to its
  // own record id.
  expect_after(
      "replayed under another record id",
      [&](RawDatabase& db) {
        db.Put("details", original[0].first, original[1].second);
        db.Put("details", original[1].first, original[0].second);
      },
      {all[2]}, 2);
  // initech's detail of the same company, sealed under another partnership
  // secret and bound to another partnership, in place of globex's.
  expect_after(
      "from another partnership and secret",
      [&](RawDatabase& db) {
        const auto initech = db.Details(with_initech, "initech");
        ASSERT_EQ(initech.size(), 1u);
        db.Put("details", original[0].first, initech[0].second);
      },
      {all[1], all[2]}, 1);

  // Restored: everything opens again.
  sorted = SharedPairs("acme", "globex");
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, all);
}

TEST_F(SharingE2eTest, RevocationAndPartyRemovalLeaveNothingInTheFiles) {
  AddParty("initech", kSharingYaml);
  WriteFile(Csv("initech"), kInitechCsv);
  Partner("initech", "globex");
  OfferCustomers("acme", "globex");
  OfferCustomers("initech", "globex");
  const std::string with_acme = PartnershipId("globex", "acme");
  const std::string with_initech = PartnershipId("globex", "initech");
  ASSERT_EQ(SharedPairs("globex", "initech").size(), 1u);

  std::vector<Needle> acme_data, initech_data;
  WithBrokerStopped([&](RawDatabase& db) {
    acme_data = db.SnapshotData(with_acme);
    initech_data = db.SnapshotData(with_initech);
  });
  // Both sides' tokens, record ids and details (each record has 2 tokens
  // or more).
  ASSERT_GE(acme_data.size(), 8u * 4);
  ASSERT_GE(initech_data.size(), 5u * 2);
  // Ids are in keys too (shared prefixes stored once): their tails as well.
  for (const auto& [needles, id] :
       {std::pair<std::vector<Needle>*, std::string>{&acme_data, with_acme},
        {&initech_data, with_initech}}) {
    AddNeedle(*needles, id, "partnership id");
    AddNeedle(*needles, id.substr(8), "partnership id tail");
  }
  const auto files = [&] {
    Compact();
    return ReadTree(db_dir());
  };
  const auto scan = [&](const std::vector<Needle>& needles) {
    return FindNeedles(files(), needles);
  };
  // Control: before any deletion the scan finds every one of them.
  EXPECT_EQ(CountFound(files(), acme_data), acme_data.size());

  const ProcessResult revoke =
      Blindmap("globex", {"partner", "revoke", "acme", "--yes"});
  ASSERT_EQ(revoke.exit_code, 0) << revoke.err;
  EXPECT_THAT(revoke.out, HasSubstr("deleted it with 2 snapshot(s)"));
  EXPECT_THAT(scan(acme_data), IsEmpty());
  // The other partnership is untouched.
  EXPECT_EQ(SharedPairs("globex", "initech").size(), 1u);
  EXPECT_EQ(CountFound(files(), initech_data), initech_data.size());

  const ProcessResult removed = Blindmapd(
      {"admin", "--config", broker_config(), "delete-party", "initech"});
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  std::vector<Needle> initech_party = initech_data;
  AddNeedle(initech_party, "initech", "party name");
  EXPECT_THAT(scan(initech_party), IsEmpty());
  const ProcessResult refused = Blindmap("initech", {"partner", "list"});
  EXPECT_NE(refused.exit_code, 0);
}

}  // namespace
}  // namespace blindmap
