// Micro benchmarks of each stage a sync goes through, per account or row:
// CSV reading, name and website normalization, tokenization, the whole
// export read, and the broker's overlap count.
//   build/bench/pipeline_bench [--benchmark_filter=...]
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "client/config/client_config.h"
#include "client/crm/crm_export.h"
#include "client/sync/snapshot_tokens.h"
#include "common/keys/company_name.h"
#include "common/keys/web_domain.h"
#include "common/match/overlap.h"
#include "common/text/csv_reader.h"

namespace blindmap {
namespace {

// A synthetic Salesforce export of `rows` rows, written once per size.
std::string ExportFile(int rows) {
  const std::string path =
      absl::StrCat("/tmp/blindmap-pipeline-bench-", rows, ".csv");
  if (std::FILE* existing = std::fopen(path.c_str(), "r")) {
    std::fclose(existing);
    return path;
  }
  static const char* kWords[] = {"Blue",   "Atlas",  "Northwind", "Summit",
                                 "Vertex", "Harbor", "Granite",   "Cedar"};
  static const char* kForms[] = {"Inc.", "LLC", "GmbH", "Ltd", "S.A.", ""};
  std::FILE* out = std::fopen(path.c_str(), "w");
  std::fputs("Account ID,Account Name,Type,Website,Industry\r\n", out);
  std::mt19937 random(42);
  for (int i = 0; i < rows; ++i) {
    const char* a = kWords[random() % 8];
    const char* b = kWords[random() % 8];
    std::fprintf(out,
                 "0015g%013dAAA,%s %s %d %s,%s,https://www.%s%s%d.com/about,"
                 "Software\r\n",
                 i, a, b, i, kForms[random() % 6],
                 random() % 2 ? "Customer - Direct" : "Prospect", a, b, i);
  }
  std::fclose(out);
  return path;
}

void BM_CsvRead(benchmark::State& state) {
  const std::string path = ExportFile(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto reader = CsvReader::Open(path);
    int64_t rows = 0;
    while (true) {
      auto row = (*reader)->Next();
      if (!row.ok() || !row->has_value()) break;
      ++rows;
    }
    benchmark::DoNotOptimize(rows);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_CsvRead)->Arg(100'000)->Unit(benchmark::kMillisecond);

void BM_NormalizeName(benchmark::State& state) {
  auto names = CompanyNameNormalizer::Create();
  const std::vector<std::string> inputs = {
      "Northwind Traders, Inc.", "THE ACME COMPANY LLC",
      "Société Générale S.A.", "Blue  Summit 1234 GmbH & Co. KG",
      "Toyota Motor Corporation"};
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize((*names)->Normalize(inputs[i++ % inputs.size()]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NormalizeName);

void BM_NormalizeWebsite(benchmark::State& state) {
  auto domains = DomainNormalizer::Create();
  const std::vector<std::string> inputs = {
      "https://www.northwindtraders.com/about", "ACME.CO.UK",
      "http://shop.example.de:8080/x?y=1", "info@globex.com",
      "www.blue-summit.io"};
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        (*domains)->Normalize(inputs[i++ % inputs.size()]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NormalizeWebsite);

void BM_TokenizeAccount(benchmark::State& state) {
  auto tokenizer = SnapshotTokenizer::Create(
      std::string(32, 'k'), std::string(32, 'r'), "p", "2026-11");
  ExportedAccount account;
  account.account_id = "0015g0000000001AAA";
  account.populations = 1;
  account.name_key = "northwind traders";
  account.domain_keys = {"northwindtraders.com"};
  v1::RecordBatch batch;
  for (auto _ : state) {
    if (batch.records_size() >= 2000) batch.Clear();
    benchmark::DoNotOptimize((*tokenizer)->Add(account, batch).ok());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TokenizeAccount);

// The whole client-side read: CSV, filters, normalization on all cores.
void BM_ReadExport(benchmark::State& state) {
  const std::string path = ExportFile(static_cast<int>(state.range(0)));
  ClientConfig config;
  config.populations = DefaultPopulations();
  auto reader = CrmExportReader::Create(config);
  for (auto _ : state) {
    auto exported = (*reader)->Read(path);
    benchmark::DoNotOptimize(exported->accounts.size());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ReadExport)
    ->Arg(100'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The broker's intersection over in-memory cursors: N records per side,
// two tokens each, 30% shared.
void BM_CountOverlap(benchmark::State& state) {
  const uint32_t n = static_cast<uint32_t>(state.range(0));
  std::mt19937_64 random(7);
  auto make = [&](uint32_t offset) {
    std::vector<TokenOccurrence> occurrences;
    for (uint32_t r = 0; r < n; ++r) {
      for (uint8_t kind : {1, 2}) {
        TokenOccurrence o;
        o.token[0] = kind;
        const uint64_t company = r + offset;
        for (int b = 0; b < 8; ++b)
          o.token[1 + b] = (company >> (8 * b)) & 0xff;
        o.record = r;
        o.populations = 1 + (random() & 1);
        occurrences.push_back(o);
      }
    }
    return occurrences;
  };
  const auto a = make(0);
  const auto b = make(n - n * 3 / 10);
  for (auto _ : state) {
    VectorTokenCursor ca(a), cb(b);
    auto counts =
        CountOverlap(ca, {n, 2}, cb, {n, 2}, v1::MATCH_POLICY_STANDARD);
    benchmark::DoNotOptimize(counts->a_overlap_total);
  }
  state.SetItemsProcessed(state.iterations() * n * 2);
}
BENCHMARK(BM_CountOverlap)->Arg(100'000)->Unit(benchmark::kMillisecond);

// The same read with the reuse-friendly Next(CsvRow&), as hot loops use it.
void BM_CsvReadReusingRow(benchmark::State& state) {
  const std::string path = ExportFile(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto reader = CsvReader::Open(path);
    CsvRow row;
    int64_t rows = 0;
    while (true) {
      absl::StatusOr<bool> more = (*reader)->Next(row);
      if (!more.ok() || !*more) break;
      ++rows;
    }
    benchmark::DoNotOptimize(rows);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_CsvReadReusingRow)->Arg(100'000)->Unit(benchmark::kMillisecond);

void NormalizeNames(benchmark::State& state,
                    const std::vector<std::string>& inputs) {
  auto names = CompanyNameNormalizer::Create();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize((*names)->Normalize(inputs[i++ % inputs.size()]));
  }
  state.SetItemsProcessed(state.iterations());
}

// Only ASCII names: the fast path that skips ICU.
void BM_NormalizeNameAscii(benchmark::State& state) {
  NormalizeNames(state,
                 {"Northwind Traders, Inc.", "THE ACME COMPANY LLC",
                  "Societe Generale S.A.", "Blue  Summit 1234 GmbH & Co. KG",
                  "Toyota Motor Corporation"});
}
BENCHMARK(BM_NormalizeNameAscii);

// Only non-ASCII names: ICU folding.
void BM_NormalizeNameNonAscii(benchmark::State& state) {
  NormalizeNames(state, {"Société Générale S.A.", "Müller GmbH & Co. KG",
                         "ООО «Ромашка»", "トヨタ自動車株式会社", "Mærsk A/S"});
}
BENCHMARK(BM_NormalizeNameNonAscii);

// Internationalized host names: ICU's UTS #46 processing.
void BM_NormalizeWebsiteNonAscii(benchmark::State& state) {
  auto domains = DomainNormalizer::Create();
  const std::vector<std::string> inputs = {
      "https://www.bücher.de/about", "münchen.de", "例え.jp",
      "http://shop.müller.co.uk:8080/x", "info@straße.de"};
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        (*domains)->Normalize(inputs[i++ % inputs.size()]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NormalizeWebsiteNonAscii);

// NormalizeKeys on ASCII names, some with a country qualifier.
void BM_NormalizeNameKeysAscii(benchmark::State& state) {
  auto names = CompanyNameNormalizer::Create();
  const std::vector<std::string> inputs = {
      "Northwind Traders, Inc.", "Siemens AG (Deutschland)",
      "Acme Holdings, Inc. (USA)", "Blue Summit 1234 Ltd - UK",
      "Toyota Motor Corporation"};
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        (*names)->NormalizeKeys(inputs[i++ % inputs.size()]));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NormalizeNameKeysAscii);

// Cyrillic and Greek names: ICU folding plus transliteration.
void BM_NormalizeNameTransliterated(benchmark::State& state) {
  NormalizeNames(state, {"ПАО «Газпром»", "ООО «Ромашка»", "ТОВ «Київстар»",
                         "ΟΠΑΠ Α.Ε.", "Телеком Србија а.д."});
}
BENCHMARK(BM_NormalizeNameTransliterated);

}  // namespace
}  // namespace blindmap

BENCHMARK_MAIN();
