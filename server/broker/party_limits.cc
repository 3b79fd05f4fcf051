#include "server/broker/party_limits.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"

namespace blindmap {

PartyLimits::UploadSlot::UploadSlot(UploadSlot&& other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)),
      party_(std::move(other.party_)) {}

PartyLimits::UploadSlot& PartyLimits::UploadSlot::operator=(
    UploadSlot&& other) noexcept {
  if (this != &other) {
    Release();
    owner_ = std::exchange(other.owner_, nullptr);
    party_ = std::move(other.party_);
  }
  return *this;
}

PartyLimits::UploadSlot::~UploadSlot() { Release(); }

void PartyLimits::UploadSlot::Release() {
  if (owner_ == nullptr) return;
  std::exchange(owner_, nullptr)->ReleaseUpload(party_);
}

PartyLimits::PartyLimits(PartyLimitsOptions options, Clock clock)
    : options_(options), clock_(std::move(clock)) {}

PartyLimits::PartyState& PartyLimits::StateOf(absl::string_view party,
                                              absl::Time now) {
  auto [it, added] = parties_.try_emplace(party);
  if (added) {
    it->second.tokens = static_cast<double>(options_.request_burst);
    it->second.refilled = now;
  }
  return it->second;
}

absl::Status PartyLimits::AdmitRequest(absl::string_view party) {
  const absl::Time now = clock_();
  const double per_second =
      static_cast<double>(options_.requests_per_minute) / 60.0;
  absl::MutexLock lock(&mutex_);
  PartyState& state = StateOf(party, now);
  // A clock that goes back refills nothing.
  const double elapsed =
      std::max(0.0, absl::ToDoubleSeconds(now - state.refilled));
  state.tokens = std::min(static_cast<double>(options_.request_burst),
                          state.tokens + elapsed * per_second);
  state.refilled = std::max(state.refilled, now);
  if (state.tokens >= 1.0) {
    state.tokens -= 1.0;
    return absl::OkStatus();
  }
  const int64_t retry_seconds = std::max<int64_t>(
      1, static_cast<int64_t>(std::ceil((1.0 - state.tokens) / per_second)));
  return absl::ResourceExhaustedError(absl::StrCat(
      "requests_per_minute_per_party (", options_.requests_per_minute,
      ") exceeded (burst ", options_.request_burst, "); retry in ",
      retry_seconds, " s"));
}

absl::StatusOr<PartyLimits::UploadSlot> PartyLimits::AcquireUpload(
    absl::string_view party) {
  const absl::Time now = clock_();
  absl::MutexLock lock(&mutex_);
  PartyState& state = StateOf(party, now);
  if (state.uploads >= options_.max_concurrent_uploads) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "max_concurrent_uploads_per_party (", options_.max_concurrent_uploads,
        ") reached: this party already has ", state.uploads,
        " uploads in progress; retry when one has ended"));
  }
  ++state.uploads;
  return UploadSlot(this, std::string(party));
}

int64_t PartyLimits::uploads_in_progress(absl::string_view party) {
  absl::MutexLock lock(&mutex_);
  auto it = parties_.find(party);
  return it == parties_.end() ? 0 : it->second.uploads;
}

void PartyLimits::ReleaseUpload(const std::string& party) {
  absl::MutexLock lock(&mutex_);
  auto it = parties_.find(party);
  if (it != parties_.end() && it->second.uploads > 0) --it->second.uploads;
}

}  // namespace blindmap
