#include "common/crypto/partnership_secret.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_replace.h"
#include "common/crypto/key_schedule.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace blindmap {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

PartnershipSecret AnySecret() {
  absl::StatusOr<PartnershipSecret> generated = PartnershipSecret::Generate();
  EXPECT_TRUE(generated.ok());
  return *generated;
}

TEST(PartnershipSecretTest, TextFormHasPrefixGroupsAndRoundTrips) {
  auto secret = PartnershipSecret::Generate();
  ASSERT_TRUE(secret.ok());
  const std::string text = secret->ToText();
  EXPECT_EQ(text.size(), 3u + 14u * 5u);  // "bm1" + 14 x "-XXXX"
  EXPECT_EQ(text.substr(0, 4), "bm1-");
  auto parsed = PartnershipSecret::FromText(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->bytes(), secret->bytes());
  EXPECT_EQ(parsed->bytes().size(), 32u);
}

TEST(PartnershipSecretTest, ParsingIgnoresCaseSpacesDashesAndCrockfordAliases) {
  auto secret = PartnershipSecret::Generate();
  ASSERT_TRUE(secret.ok());
  std::string text = secret->ToText();
  std::string relaxed = absl::AsciiStrToLower(text);
  relaxed = absl::StrReplaceAll(relaxed, {{"-", " "}, {"0", "o"}, {"1", "l"}});
  auto parsed = PartnershipSecret::FromText("  " + relaxed + "\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->bytes(), secret->bytes());
}

TEST(PartnershipSecretTest, SingleCharacterTypoFailsTheChecksum) {
  auto secret = PartnershipSecret::Generate();
  ASSERT_TRUE(secret.ok());
  std::string text = secret->ToText();
  text[10] = text[10] == 'A' ? 'B' : 'A';
  auto parsed = PartnershipSecret::FromText(text);
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(parsed.status().message(), HasSubstr("checksum"));
  EXPECT_THAT(parsed.status().message(), Not(HasSubstr(text.substr(4, 4))));
}

TEST(PartnershipSecretTest, RejectsWrongPrefixLengthAndCharacters) {
  auto secret = PartnershipSecret::Generate();
  ASSERT_TRUE(secret.ok());
  const std::string text = secret->ToText();
  auto no_prefix = PartnershipSecret::FromText(text.substr(4));
  EXPECT_EQ(no_prefix.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(no_prefix.status().message(), HasSubstr("bm1-"));

  auto short_text =
      PartnershipSecret::FromText(text.substr(0, text.size() - 5));
  EXPECT_EQ(short_text.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(short_text.status().message(),
              HasSubstr("has 52 characters after \"bm1-\""));

  std::string bad_char = text;
  bad_char[4] = 'U';  // not in Crockford's alphabet
  auto bad = PartnershipSecret::FromText(bad_char);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("position 1 of 56"));
}

TEST(PartnershipSecretTest, FileIsCreatedOwnerOnlyAndNeverOverwritten) {
  TempDir dir;
  const std::string path = dir.path() + "/partner.secret";
  auto secret = PartnershipSecret::Generate();
  ASSERT_TRUE(secret.ok());
  ASSERT_TRUE(secret->WriteFile(path).ok());
  struct stat st;
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  auto again = PartnershipSecret::Generate();
  ASSERT_TRUE(again.ok());
  const absl::Status overwrite = again->WriteFile(path);
  EXPECT_EQ(overwrite.code(), absl::StatusCode::kAlreadyExists);

  auto read = PartnershipSecret::ReadFile(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->bytes(), secret->bytes());
}

TEST(PartnershipSecretTest, ReadFileRefusesGroupReadableAndMissingFiles) {
  TempDir dir;
  const std::string path = dir.path() + "/partner.secret";
  EXPECT_EQ(PartnershipSecret::ReadFile(path).status().code(),
            absl::StatusCode::kNotFound);
  auto secret = PartnershipSecret::Generate();
  ASSERT_TRUE(secret.ok());
  ASSERT_TRUE(secret->WriteFile(path).ok());
  ASSERT_EQ(chmod(path.c_str(), 0640), 0);
  auto read = PartnershipSecret::ReadFile(path);
  EXPECT_EQ(read.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(read.status().message(), HasSubstr("chmod 600"));
  EXPECT_THAT(read.status().message(), Not(HasSubstr(secret->ToText())));
}

TEST(KeyScheduleTest, DerivationIsPinnedForAFixedSecret) {
  // A fixed secret (bytes 0x00..0x1f), so the labels and salt are frozen:
  // changing them would silently break matching between client versions.
  std::string bytes;
  for (int i = 0; i < 32; ++i) bytes.push_back(static_cast<char>(i));
  auto secret = PartnershipSecret::FromText(
      "bm1-000G-40R4-0M30-E209-185G-R38E-1W81-24GK-2GAH-C5RR-34D1-P70X-"
      "3RFT-WXM1");
  ASSERT_TRUE(secret.ok()) << secret.status();
  ASSERT_EQ(secret->bytes(), bytes);
  KeySchedule keys(*secret);
  auto check = keys.KeyCheck();
  auto november = keys.TokenKey("2026-11");
  auto december = keys.TokenKey("2026-12");
  ASSERT_TRUE(check.ok() && november.ok() && december.ok());
  EXPECT_EQ(check->size(), 16u);
  EXPECT_EQ(november->size(), 32u);
  EXPECT_NE(*november, *december);
  EXPECT_EQ(absl::BytesToHexString(*check), "855ac8d6b0c594a5e93179e91e0c7c9a");
  EXPECT_EQ(absl::BytesToHexString(*november),
            "65fca423b5de763d0ab07d24d4c3b1105cb2dc363be063a73fea9bee81578276");
}

TEST(KeyScheduleTest, RejectsEmptyPeriod) {
  KeySchedule keys(AnySecret());
  EXPECT_EQ(keys.TokenKey("").status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace blindmap
