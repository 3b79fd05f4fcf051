#include "common/crypto/crypto.h"

#include <string>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace blindmap {
namespace {

std::string Hex(absl::string_view bytes) {
  return absl::BytesToHexString(bytes);
}
std::string Range(int first, int last) {
  std::string out;
  for (int i = first; i <= last; ++i) out.push_back(static_cast<char>(i));
  return out;
}

struct HmacVector {
  std::string key;
  std::string data;
  std::string expected_hex;
};

// RFC 4231, section 4 (test case 5 is truncated to 128 bits by the RFC).
std::vector<HmacVector> Rfc4231Vectors() {
  return {
      {std::string(20, '\x0b'), "Hi There",
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {"Jefe", "what do ya want for nothing?",
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {std::string(20, '\xaa'), std::string(50, '\xdd'),
       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      {Range(0x01, 0x19), std::string(50, '\xcd'),
       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
      {std::string(20, '\x0c'), "Test With Truncation",
       "a3b6167473100ee06e0c796c2955552b"},
      {std::string(131, '\xaa'),
       "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {std::string(131, '\xaa'),
       "This is a test using a larger than block-size key and a larger than "
       "block-size data. The key needs to be hashed before being used by the "
       "HMAC algorithm.",
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
  };
}

TEST(HmacSha256Test, MatchesRfc4231Vectors) {
  for (const HmacVector& v : Rfc4231Vectors()) {
    absl::StatusOr<std::string> mac = HmacSha256(v.key, v.data);
    ASSERT_TRUE(mac.ok()) << mac.status();
    EXPECT_EQ(Hex(*mac).substr(0, v.expected_hex.size()), v.expected_hex)
        << "data: " << v.data.substr(0, 20);
  }
}

TEST(TruncatedHmacTest, MatchesRfc4231VectorsTruncatedTo128Bits) {
  // TruncatedHmac hashes prefix || data: split each vector's first byte off
  // as the prefix.
  for (const HmacVector& v : Rfc4231Vectors()) {
    auto hmac = TruncatedHmac::Create(v.key);
    ASSERT_TRUE(hmac.ok()) << hmac.status();
    const auto out = (*hmac)->Compute(static_cast<uint8_t>(v.data[0]),
                                      absl::string_view(v.data).substr(1));
    EXPECT_EQ(Hex(absl::string_view(reinterpret_cast<const char*>(out.data()),
                                    out.size())),
              v.expected_hex.substr(0, 32));
  }
}

TEST(TruncatedHmacTest, CloneComputesTheSameAndRepeatedCallsAreStable) {
  auto hmac = TruncatedHmac::Create("0123456789abcdef0123456789abcdef");
  ASSERT_TRUE(hmac.ok());
  auto clone = (*hmac)->Clone();
  ASSERT_TRUE(clone.ok());
  const auto first = (*hmac)->Compute(2, "acme.com");
  EXPECT_EQ((*hmac)->Compute(2, "acme.com"), first);
  EXPECT_EQ((*clone)->Compute(2, "acme.com"), first);
  EXPECT_NE((*hmac)->Compute(1, "acme.com"), first);  // the prefix counts
  EXPECT_NE((*hmac)->Compute(2, "acme.co"), first);
}

TEST(TruncatedHmacTest, RejectsEmptyKey) {
  EXPECT_EQ(TruncatedHmac::Create("").status().code(),
            absl::StatusCode::kInvalidArgument);
}

struct HkdfVector {
  std::string ikm, salt, info;
  size_t length;
  std::string expected_hex;
};

TEST(HkdfSha256Test, MatchesRfc5869Vectors) {
  const std::vector<HkdfVector> vectors = {
      // Test case 1.
      {std::string(22, '\x0b'), Range(0x00, 0x0c), Range(0xf0, 0xf9), 42,
       "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf3400720"
       "8d5b887185865"},
      // Test case 2: longer inputs and outputs.
      {Range(0x00, 0x4f), Range(0x60, 0xaf), Range(0xb0, 0xff), 82,
       "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a"
       "99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec"
       "3e87c14c01d5c1f3434f1d87"},
      // Test case 3: zero-length salt and info.
      {std::string(22, '\x0b'), "", "", 42,
       "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d2013"
       "95faa4b61a96c8"},
  };
  for (const HkdfVector& v : vectors) {
    absl::StatusOr<std::string> okm =
        HkdfSha256(v.ikm, v.salt, v.info, v.length);
    ASSERT_TRUE(okm.ok()) << okm.status();
    EXPECT_EQ(Hex(*okm), v.expected_hex);
  }
}

TEST(HkdfSha256Test, RejectsImpossibleLengths) {
  EXPECT_EQ(HkdfSha256("k", "", "", 0).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(HkdfSha256("k", "", "", 255 * 32 + 1).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(HkdfSha256("k", "", "", 255 * 32).ok());
}

TEST(Sha256Test, MatchesFips180Vector) {
  EXPECT_EQ(Hex(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(RandomBytesTest, ReturnsRequestedLengthAndDiffers) {
  auto a = RandomBytes(32);
  auto b = RandomBytes(32);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), 32u);
  EXPECT_NE(*a, *b);
}

TEST(ConstantTimeEqualsTest, ComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

TEST(Aes256GcmTest, SealsAndOpensWithTheSameKeyAndAad) {
  const std::string key(32, 'k');
  auto sealed = SealAes256Gcm(key, "aad", "account detail");
  ASSERT_TRUE(sealed.ok()) << sealed.status();
  EXPECT_EQ(sealed->size(), 12u + 14u + 16u);
  EXPECT_EQ(sealed->find("account detail"), std::string::npos);
  auto opened = OpenAes256Gcm(key, "aad", *sealed);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(*opened, "account detail");
  // A fresh nonce every time.
  EXPECT_NE(*SealAes256Gcm(key, "aad", "account detail"), *sealed);
  // Empty plaintext is fine too.
  auto empty = SealAes256Gcm(key, "", "");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*OpenAes256Gcm(key, "", *empty), "");
}

TEST(Aes256GcmTest, TamperingAnotherKeyOrAnotherAadIsDataLoss) {
  const std::string key(32, 'k');
  auto sealed = SealAes256Gcm(key, "record 1", "detail");
  ASSERT_TRUE(sealed.ok());
  for (size_t i : {size_t{0}, size_t{12}, sealed->size() - 1}) {
    std::string tampered = *sealed;
    tampered[i] ^= 0x01;
    EXPECT_EQ(OpenAes256Gcm(key, "record 1", tampered).status().code(),
              absl::StatusCode::kDataLoss)
        << "byte " << i;
  }
  EXPECT_EQ(
      OpenAes256Gcm(std::string(32, 'x'), "record 1", *sealed).status().code(),
      absl::StatusCode::kDataLoss);
  EXPECT_EQ(OpenAes256Gcm(key, "record 2", *sealed).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(
      OpenAes256Gcm(key, "record 1", sealed->substr(0, 20)).status().code(),
      absl::StatusCode::kDataLoss);
  EXPECT_EQ(SealAes256Gcm("short", "", "x").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(Aes256GcmTest, MatchesNistGcmTestVector) {
  // NIST GCM test case 14 (AES-256, zero key, zero IV, one zero block).
  const std::string key(32, '\0');
  const std::string iv(12, '\0');
  const std::string plaintext(16, '\0');
  // Seal() picks its own nonce; open a hand-assembled nonce||ct||tag.
  const std::string sealed =
      iv + absl::HexStringToBytes("cea7403d4d606b6e074ec5d3baf39d18") +
      absl::HexStringToBytes("d0d1c8a799996bf0265b98b5d48ab919");
  auto opened = OpenAes256Gcm(key, "", sealed);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(*opened, plaintext);
}

}  // namespace
}  // namespace blindmap
