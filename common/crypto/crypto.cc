#include "common/crypto/crypto.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <cstring>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"

namespace blindmap {
namespace {

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
struct MdDeleter {
  void operator()(EVP_MD* md) const { EVP_MD_free(md); }
};
struct KdfDeleter {
  void operator()(EVP_KDF* kdf) const { EVP_KDF_free(kdf); }
};
struct KdfCtxDeleter {
  void operator()(EVP_KDF_CTX* ctx) const { EVP_KDF_CTX_free(ctx); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;
using MdPtr = std::unique_ptr<EVP_MD, MdDeleter>;

constexpr size_t kSha256BlockBytes = 64;

absl::Status OpenSslError(const char* what) {
  return absl::InternalError(absl::StrCat("OpenSSL failure in ", what));
}

// Fetched once; EVP_MD objects are reference counted and thread-safe.
const EVP_MD* Sha256Md() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

const unsigned char* Bytes(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

std::string Sha256(absl::string_view data) {
  std::string out(kSha256Bytes, '\0');
  unsigned int len = 0;
  // EVP_Digest only fails on allocation failure, which aborts elsewhere too.
  EVP_Digest(data.data(), data.size(),
             reinterpret_cast<unsigned char*>(&out[0]), &len, Sha256Md(),
             nullptr);
  return out;
}

absl::StatusOr<std::string> HmacSha256(absl::string_view key,
                                       absl::string_view data) {
  std::string out(kSha256Bytes, '\0');
  size_t len = 0;
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(),
                key.size(), Bytes(data), data.size(),
                reinterpret_cast<unsigned char*>(&out[0]), out.size(),
                &len) == nullptr ||
      len != kSha256Bytes) {
    return OpenSslError("HMAC-SHA256");
  }
  return out;
}

absl::StatusOr<std::string> HkdfSha256(absl::string_view ikm,
                                       absl::string_view salt,
                                       absl::string_view info, size_t length) {
  if (length == 0 || length > 255 * kSha256Bytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "HKDF-SHA256 output length must be 1..8160, got ", length));
  }
  std::unique_ptr<EVP_KDF, KdfDeleter> kdf(
      EVP_KDF_fetch(nullptr, OSSL_KDF_NAME_HKDF, nullptr));
  if (kdf == nullptr) return OpenSslError("EVP_KDF_fetch(HKDF)");
  std::unique_ptr<EVP_KDF_CTX, KdfCtxDeleter> ctx(EVP_KDF_CTX_new(kdf.get()));
  if (ctx == nullptr) return OpenSslError("EVP_KDF_CTX_new");

  // OSSL_PARAM wants non-const pointers; OpenSSL only reads these buffers.
  std::string digest = "SHA256";
  std::string ikm_copy(ikm), salt_copy(salt), info_copy(info);
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, &digest[0], 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, ikm_copy.data(),
                                        ikm_copy.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, salt_copy.data(),
                                        salt_copy.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info_copy.data(),
                                        info_copy.size()),
      OSSL_PARAM_construct_end()};
  std::string out(length, '\0');
  const int ok = EVP_KDF_derive(
      ctx.get(), reinterpret_cast<unsigned char*>(&out[0]), length, params);
  OPENSSL_cleanse(ikm_copy.data(), ikm_copy.size());
  if (ok != 1) return OpenSslError("EVP_KDF_derive(HKDF)");
  return out;
}

absl::StatusOr<std::string> RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(&out[0]),
                          static_cast<int>(n)) != 1) {
    return OpenSslError("RAND_bytes");
  }
  return out;
}

bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  if (a.size() != b.size()) return false;
  return a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

namespace {

struct CipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

unsigned char* MutableBytes(std::string& s) {
  return reinterpret_cast<unsigned char*>(&s[0]);
}

}  // namespace

absl::StatusOr<std::string> SealAes256Gcm(absl::string_view key,
                                          absl::string_view aad,
                                          absl::string_view plaintext) {
  if (key.size() != kAeadKeyBytes) {
    return absl::InvalidArgumentError("AES-256-GCM key must be 32 bytes");
  }
  ASSIGN_OR_RETURN(std::string nonce, RandomBytes(kAeadNonceBytes));
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  std::string out = nonce;
  out.resize(kAeadNonceBytes + plaintext.size() + kAeadTagBytes);
  unsigned char* body = MutableBytes(out) + kAeadNonceBytes;
  unsigned char* tag = body + plaintext.size();
  int len = 0;
  bool ok = ctx != nullptr &&
            EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr,
                               Bytes(key), Bytes(nonce)) == 1 &&
            EVP_EncryptUpdate(ctx.get(), nullptr, &len, Bytes(aad),
                              static_cast<int>(aad.size())) == 1 &&
            EVP_EncryptUpdate(ctx.get(), body, &len, Bytes(plaintext),
                              static_cast<int>(plaintext.size())) == 1;
  // GCM is a stream mode: the update wrote all of the ciphertext.
  ok = ok && EVP_EncryptFinal_ex(ctx.get(), body + len, &len) == 1 &&
       EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kAeadTagBytes,
                           tag) == 1;
  if (!ok) return OpenSslError("AES-256-GCM seal");
  return out;
}

absl::StatusOr<std::string> OpenAes256Gcm(absl::string_view key,
                                          absl::string_view aad,
                                          absl::string_view sealed) {
  if (key.size() != kAeadKeyBytes) {
    return absl::InvalidArgumentError("AES-256-GCM key must be 32 bytes");
  }
  if (sealed.size() < kAeadNonceBytes + kAeadTagBytes) {
    return absl::DataLossError("sealed data is too short to be AES-256-GCM");
  }
  const absl::string_view nonce = sealed.substr(0, kAeadNonceBytes);
  const absl::string_view body = sealed.substr(
      kAeadNonceBytes, sealed.size() - kAeadNonceBytes - kAeadTagBytes);
  std::string tag(sealed.substr(sealed.size() - kAeadTagBytes));
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  std::string plaintext(body.size(), '\0');
  int len = 0;
  const bool set_up =
      ctx != nullptr &&
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, Bytes(key),
                         Bytes(nonce)) == 1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, Bytes(aad),
                        static_cast<int>(aad.size())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), MutableBytes(plaintext), &len, Bytes(body),
                        static_cast<int>(body.size())) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kAeadTagBytes,
                          &tag[0]) == 1;
  if (!set_up) return OpenSslError("AES-256-GCM open");
  if (EVP_DecryptFinal_ex(ctx.get(), MutableBytes(plaintext) + len, &len) !=
      1) {
    OPENSSL_cleanse(&plaintext[0], plaintext.size());
    return absl::DataLossError(
        "sealed data does not authenticate: it was altered, sealed under "
        "another key, or belongs to another record");
  }
  return plaintext;
}

// Inner and outer digest states after absorbing key^ipad and key^opad, plus
// scratch contexts so Compute() does not allocate.
struct TruncatedHmac::State {
  MdCtxPtr inner;
  MdCtxPtr outer;
  MdCtxPtr scratch;
};

TruncatedHmac::TruncatedHmac(std::unique_ptr<State> state)
    : state_(std::move(state)) {}
TruncatedHmac::~TruncatedHmac() = default;

absl::StatusOr<std::unique_ptr<TruncatedHmac>> TruncatedHmac::Create(
    absl::string_view key) {
  if (key.empty()) {
    return absl::InvalidArgumentError("HMAC key must not be empty");
  }
  unsigned char block[kSha256BlockBytes] = {0};
  if (key.size() > kSha256BlockBytes) {
    const std::string hashed = Sha256(key);
    std::memcpy(block, hashed.data(), hashed.size());
  } else {
    std::memcpy(block, key.data(), key.size());
  }
  unsigned char ipad[kSha256BlockBytes];
  unsigned char opad[kSha256BlockBytes];
  for (size_t i = 0; i < kSha256BlockBytes; ++i) {
    ipad[i] = block[i] ^ 0x36;
    opad[i] = block[i] ^ 0x5c;
  }
  OPENSSL_cleanse(block, sizeof(block));

  auto state = std::make_unique<State>();
  state->inner.reset(EVP_MD_CTX_new());
  state->outer.reset(EVP_MD_CTX_new());
  state->scratch.reset(EVP_MD_CTX_new());
  const bool ok =
      state->inner && state->outer && state->scratch &&
      EVP_DigestInit_ex(state->inner.get(), Sha256Md(), nullptr) == 1 &&
      EVP_DigestUpdate(state->inner.get(), ipad, sizeof(ipad)) == 1 &&
      EVP_DigestInit_ex(state->outer.get(), Sha256Md(), nullptr) == 1 &&
      EVP_DigestUpdate(state->outer.get(), opad, sizeof(opad)) == 1;
  OPENSSL_cleanse(ipad, sizeof(ipad));
  OPENSSL_cleanse(opad, sizeof(opad));
  if (!ok) return OpenSslError("HMAC key schedule");
  return std::unique_ptr<TruncatedHmac>(new TruncatedHmac(std::move(state)));
}

absl::StatusOr<std::unique_ptr<TruncatedHmac>> TruncatedHmac::Clone() const {
  auto state = std::make_unique<State>();
  state->inner.reset(EVP_MD_CTX_new());
  state->outer.reset(EVP_MD_CTX_new());
  state->scratch.reset(EVP_MD_CTX_new());
  if (!state->inner || !state->outer || !state->scratch ||
      EVP_MD_CTX_copy_ex(state->inner.get(), state_->inner.get()) != 1 ||
      EVP_MD_CTX_copy_ex(state->outer.get(), state_->outer.get()) != 1) {
    return OpenSslError("HMAC clone");
  }
  return std::unique_ptr<TruncatedHmac>(new TruncatedHmac(std::move(state)));
}

TruncatedHmac::Output TruncatedHmac::Compute(uint8_t prefix,
                                             absl::string_view data) {
  unsigned char inner_digest[kSha256Bytes];
  unsigned char outer_digest[kSha256Bytes];
  EVP_MD_CTX* scratch = state_->scratch.get();
  // These calls fail only on allocation failure or a corrupted context; the
  // state was validated at construction, so a failure here is a bug.
  EVP_MD_CTX_copy_ex(scratch, state_->inner.get());
  EVP_DigestUpdate(scratch, &prefix, 1);
  EVP_DigestUpdate(scratch, data.data(), data.size());
  EVP_DigestFinal_ex(scratch, inner_digest, nullptr);
  EVP_MD_CTX_copy_ex(scratch, state_->outer.get());
  EVP_DigestUpdate(scratch, inner_digest, sizeof(inner_digest));
  EVP_DigestFinal_ex(scratch, outer_digest, nullptr);
  Output out;
  std::memcpy(out.data(), outer_digest, out.size());
  return out;
}

}  // namespace blindmap
