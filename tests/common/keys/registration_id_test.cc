#include "common/keys/registration_id.h"

#include <string>
#include <thread>
#include <vector>

#include "common/keys/countries.h"
#include "gtest/gtest.h"

namespace blindmap {
namespace {

using V = IdVerdict;

struct IdCase {
  const char* raw;
  IdVerdict verdict;
  const char* value;  // expected when kOk, otherwise ""
};

std::string Describe(const IdKey& key) {
  return std::string(IdVerdictName(key.verdict)) + " [" + key.value + "]";
}

TEST(DunsTest, TableOfCellsAndKeys) {
  const IdCase cases[] = {
      {"123456789", V::kOk, "123456789"},
      {"001234567", V::kOk, "001234567"},
      {"00-123-4567", V::kOk, "001234567"},
      {"00 123 4567", V::kOk, "001234567"},
      {"00.123.4567", V::kOk, "001234567"},
      {"00/123/4567", V::kOk, "001234567"},
      {"  123456789\t", V::kOk, "123456789"},
      {"\xC2\xA0"
       "123456789",
       V::kOk, "123456789"},  // no-break space
      // Spreadsheets drop leading zeros.
      {"1234567", V::kOk, "001234567"},
      {"12345678", V::kOk, "012345678"},
      // DUNS+4 is reduced to the 9.
      {"1234567891234", V::kOk, "123456789"},
      {"123456789-1234", V::kOk, "123456789"},
      {"12-345-6789-1234", V::kOk, "123456789"},
      // Nothing there.
      {"", V::kEmpty, ""},
      {"   ", V::kEmpty, ""},
      {"\t\r\n", V::kEmpty, ""},
      // Not a DUNS.
      {"---", V::kInvalid, ""},
      {"000000000", V::kInvalid, ""},
      {"0000000", V::kInvalid, ""},
      {"0000000000000", V::kInvalid, ""},
      {"123456", V::kInvalid, ""},
      {"1234567890", V::kInvalid, ""},
      {"12345678901", V::kInvalid, ""},
      {"123456789012", V::kInvalid, ""},
      {"12345678901234", V::kInvalid, ""},
      {"12345678A", V::kInvalid, ""},
      {"DUNS 123456789", V::kInvalid, ""},
      {"1.23457E+08", V::kInvalid, ""},
      {"123,456,789", V::kInvalid, ""},
      {"n/a", V::kInvalid, ""},
      {"１２３４５６７８９", V::kInvalid, ""},  // full-width digits
  };
  for (const IdCase& c : cases) {
    const IdKey key = NormalizeDuns(c.raw);
    EXPECT_EQ(Describe(key), Describe({c.verdict, c.value})) << c.raw;
  }
}

TEST(LeiTest, TableOfCellsAndKeys) {
  const IdCase cases[] = {
      {"HWUPKR0MPOU8FGXBT394", V::kOk, "HWUPKR0MPOU8FGXBT394"},
      {"7LTWFZYICNSX8D621K86", V::kOk, "7LTWFZYICNSX8D621K86"},
      {"529900T8BM49AURSDO55", V::kOk, "529900T8BM49AURSDO55"},
      {"hwupkr0mpou8fgxbt394", V::kOk, "HWUPKR0MPOU8FGXBT394"},
      {" HWUP KR0M POU8 FGXB T394 ", V::kOk, "HWUPKR0MPOU8FGXBT394"},
      {"9695001234567890AB75", V::kOk, "9695001234567890AB75"},
      {"", V::kEmpty, ""},
      {"  ", V::kEmpty, ""},
      // Check digits wrong, transposed, or a letter changed.
      {"HWUPKR0MPOU8FGXBT395", V::kInvalid, ""},
      {"HWUPKR0MPOU8FGXBT349", V::kInvalid, ""},
      {"HWUPKR0MPOU8FGXBT3944", V::kInvalid, ""},
      {"HWUPKR0MPOU8FGXBT39", V::kInvalid, ""},
      {"HWUPKR0MPOU8FGXCT394", V::kInvalid, ""},
      {"HWUPKR0MPOU8-FGXBT394", V::kInvalid, ""},
      {"HWUPKR0MPOU8FGXBT39_", V::kInvalid, ""},
      {"ÄWUPKR0MPOU8FGXBT394", V::kInvalid, ""},
      {"00000000000000000000", V::kInvalid, ""},
  };
  for (const IdCase& c : cases) {
    const IdKey key = NormalizeLei(c.raw);
    EXPECT_EQ(Describe(key), Describe({c.verdict, c.value})) << c.raw;
  }
}

TEST(RegistrationIdTest, CountryByCodeOrNameAndCleanedId) {
  struct Case {
    const char* country;
    const char* id;
    IdVerdict verdict;
    const char* value;
  };
  const Case cases[] = {
      {"DE", "HRB 12345", V::kOk, "DE:HRB12345"},
      {"de", "hrb12345", V::kOk, "DE:HRB12345"},
      {"DEU", "HRB-12345", V::kOk, "DE:HRB12345"},
      {"Germany", "HRB 12345", V::kOk, "DE:HRB12345"},
      {"Deutschland", "HRB 12345", V::kOk, "DE:HRB12345"},
      {"  GERMANY ", "HRB 12345", V::kOk, "DE:HRB12345"},
      {"United Kingdom", "01234567", V::kOk, "GB:01234567"},
      {"UK", "SC123456", V::kOk, "GB:SC123456"},
      {"U.K.", "SC123456", V::kOk, "GB:SC123456"},
      {"GB", "sc 123 456", V::kOk, "GB:SC123456"},
      {"USA", "12-3456789", V::kOk, "US:123456789"},
      {"U.S.", "12-3456789", V::kOk, "US:123456789"},
      {"United States of America", "123456789", V::kOk, "US:123456789"},
      {"France", "552 120 222", V::kOk, "FR:552120222"},
      {"Österreich", "FN 123456a", V::kOk, "AT:FN123456A"},
      {"Osterreich", "FN 123456a", V::kOk, "AT:FN123456A"},
      {"Côte d'Ivoire", "CI-ABJ-2020-B-1", V::kOk, "CI:CIABJ2020B1"},
      {"Россия", "1027700132195", V::kOk, "RU:1027700132195"},
      {"Ελλάδα", "094019245", V::kOk, "GR:094019245"},
      {"日本", "1234567890123", V::kOk, "JP:1234567890123"},
      {"España", "B12345678", V::kOk, "ES:B12345678"},
      {"Türkiye", "123456", V::kOk, "TR:123456"},
      {"Turkey", "123456", V::kOk, "TR:123456"},
      {"NL", "12.34.56.78", V::kOk, "NL:12345678"},
      {"Korea, Republic of", "110111-0012345", V::kOk, "KR:1101110012345"},
      {"Republic of Korea", "110111-0012345", V::kOk, "KR:1101110012345"},
      {"Iran, Islamic Republic of", "10101", V::kOk, "IR:10101"},
      {"CH", "CHE-123.456.789", V::kOk, "CH:CHE123456789"},
      {"Schweiz", "CHE/123/456/789", V::kOk, "CH:CHE123456789"},
      // Empty id cell.
      {"DE", "", V::kEmpty, ""},
      {"DE", "   ", V::kEmpty, ""},
      {"", "", V::kEmpty, ""},
      // Unknown country, nothing left of the id, odd characters.
      {"", "HRB 12345", V::kInvalid, ""},
      {"Germania", "HRB 12345", V::kInvalid, ""},
      {"XX", "HRB 12345", V::kInvalid, ""},
      {"German", "HRB 12345", V::kInvalid, ""},  // adjectives are not names
      {"Europe", "HRB 12345", V::kInvalid, ""},
      {"DE", "--", V::kInvalid, ""},
      {"DE", "./-", V::kInvalid, ""},
      {"DE", "HRB_12345", V::kInvalid, ""},
      {"DE", "HRB 12345 (Köln)", V::kInvalid, ""},
      {"DE", "HRB 12345, HRB 6789", V::kInvalid, ""},
      {"D\xFF", "HRB 12345", V::kInvalid, ""},
  };
  for (const Case& c : cases) {
    const IdKey key = NormalizeRegistrationId(c.country, c.id);
    EXPECT_EQ(Describe(key), Describe({c.verdict, c.value}))
        << c.country << " / " << c.id;
  }
}

TEST(RegistrationIdTest, EveryCountryIsFoundByEachOfItsCodesAndNames) {
  for (const Country& country : CountryTable()) {
    EXPECT_STREQ(FindCountryAlpha2(country.alpha2), country.alpha2);
    EXPECT_STREQ(FindCountryAlpha2(country.alpha3), country.alpha2);
    std::string names = country.names;
    size_t start = 0;
    while (start <= names.size()) {
      const size_t bar = names.find('|', start);
      const std::string name = names.substr(
          start, bar == std::string::npos ? std::string::npos : bar - start);
      const char* found = FindCountryAlpha2(name);
      EXPECT_STREQ(found == nullptr ? "(none)" : found, country.alpha2) << name;
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
  }
}

TEST(RegistrationIdTest, CountryTableIsSortedAndComplete) {
  std::string previous;
  for (const Country& country : CountryTable()) {
    EXPECT_LT(previous, country.alpha2);
    EXPECT_EQ(std::string(country.alpha2).size(), 2u);
    EXPECT_EQ(std::string(country.alpha3).size(), 3u);
    previous = country.alpha2;
  }
  EXPECT_EQ(CountryTable().size(), 249u);  // ISO 3166-1 as of 2024
}

TEST(RegistrationIdTest, VerdictNamesAreStable) {
  EXPECT_STREQ(IdVerdictName(V::kOk), "ok");
  EXPECT_STREQ(IdVerdictName(V::kEmpty), "empty");
  EXPECT_STREQ(IdVerdictName(V::kInvalid), "invalid");
}

TEST(RegistrationIdTest, IsThreadSafe) {
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 500; ++round) {
        if (NormalizeRegistrationId("Deutschland", "HRB 1").value !=
            "DE:HRB1") {
          ++mismatches[t];
        }
        if (NormalizeRegistrationId("Ελλάδα", "1").value != "GR:1") {
          ++mismatches[t];
        }
        if (NormalizeDuns("00-123-4567").value != "001234567") ++mismatches[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace blindmap
