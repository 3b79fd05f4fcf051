// xlsx_bench: reading a 1M-row export as XLSX against its CSV twin, both
// the rows alone (XlsxReader vs CsvReader) and the whole client-side read
// (CrmExportReader: columns, populations, normalization on every core).
//   xlsx_bench [ROWS] [RUNS]     (default 1000000 rows, median of 3 runs)
//   xlsx_bench ROWS RUNS xlsx    (the XlsxReader rows alone, for perf)
// Writes /tmp/blindmap-xlsx-bench-ROWS.{csv,xlsx} once (the workbook from
// our own generator, tests/support/xlsx_writer, with shared strings as
// Excel writes them) and prints rows/s and the XLSX/CSV ratios.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/config/client_config.h"
#include "client/crm/crm_export.h"
#include "common/text/csv_reader.h"
#include "common/xlsx/xlsx_reader.h"
#include "tests/support/xlsx_writer.h"

namespace blindmap {
namespace {

// The rows of a synthetic Salesforce export (as bench/pipeline_bench).
std::vector<std::vector<std::string>> Rows(int count) {
  static const char* kWords[] = {"Blue",   "Atlas",  "Northwind", "Summit",
                                 "Vertex", "Harbor", "Granite",   "Cedar"};
  static const char* kForms[] = {"Inc.", "LLC", "GmbH", "Ltd", "S.A.", ""};
  std::vector<std::vector<std::string>> rows;
  rows.reserve(static_cast<size_t>(count) + 1);
  rows.push_back({"Account ID", "Account Name", "Type", "Website", "Industry"});
  std::mt19937 random(42);
  char id[32];
  for (int i = 0; i < count; ++i) {
    const char* a = kWords[random() % 8];
    const char* b = kWords[random() % 8];
    std::snprintf(id, sizeof(id), "0015g%013dAAA", i);
    rows.push_back(
        {id, absl::StrCat(a, " ", b, " ", i, " ", kForms[random() % 6]),
         random() % 2 ? "Customer - Direct" : "Prospect",
         absl::StrCat("https://www.", a, b, i, ".com/about"), "Software"});
  }
  return rows;
}

void WriteFiles(int count, const std::string& csv, const std::string& xlsx) {
  if (std::filesystem::exists(csv) && std::filesystem::exists(xlsx)) return;
  std::vector<std::vector<std::string>> rows = Rows(count);
  std::FILE* out = std::fopen(csv.c_str(), "w");
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      const bool quote = row[i].find(',') != std::string::npos;
      std::fprintf(out, "%s%s%s%s", i ? "," : "", quote ? "\"" : "",
                   row[i].c_str(), quote ? "\"" : "");
    }
    std::fputs("\r\n", out);
  }
  std::fclose(out);
  absl::Status written = WriteXlsx(xlsx, {SheetOfStrings(rows, "Accounts")});
  if (!written.ok()) {
    std::fprintf(stderr, "cannot write %s\n", xlsx.c_str());
    std::exit(1);
  }
}

// This process's CPU time (every thread), in seconds.
double CpuSeconds() {
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) /
             1e6;
}

// Median wall seconds of `runs` calls of `work`, which returns the rows it
// read; `cpu` gets the median CPU seconds (the figure a loaded machine
// disturbs less).
double Median(int runs, const std::function<int64_t()>& work, int64_t& rows,
              double& cpu) {
  std::vector<double> seconds, cpus;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = CpuSeconds();
    rows = work();
    cpus.push_back(CpuSeconds() - cpu_start);
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count());
  }
  std::sort(seconds.begin(), seconds.end());
  std::sort(cpus.begin(), cpus.end());
  cpu = cpus[cpus.size() / 2];
  return seconds[seconds.size() / 2];
}

int64_t ReadRows(absl::StatusOr<std::unique_ptr<CsvReader>> reader) {
  if (!reader.ok()) return -1;
  CsvRow row;
  int64_t rows = 0;
  while (true) {
    absl::StatusOr<bool> more = (*reader)->Next(row);
    if (!more.ok()) return -1;
    if (!*more) return rows;
    ++rows;
  }
}

}  // namespace
}  // namespace blindmap

int main(int argc, char** argv) {
  using namespace blindmap;
  const int count = argc > 1 ? std::atoi(argv[1]) : 1'000'000;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 3;
  const std::string base = absl::StrCat("/tmp/blindmap-xlsx-bench-", count);
  const std::string csv = base + ".csv", xlsx = base + ".xlsx";
  WriteFiles(count, csv, xlsx);
  std::printf("%d rows: CSV %.1f MiB, XLSX %.1f MiB\n", count,
              std::filesystem::file_size(csv) / 1048576.0,
              std::filesystem::file_size(xlsx) / 1048576.0);

  // `xlsx_bench ROWS RUNS xlsx`: the XlsxReader rows alone, for a profiler.
  if (argc > 3 && std::string(argv[3]) == "xlsx") {
    const double start = CpuSeconds();
    absl::StatusOr<std::unique_ptr<XlsxReader>> reader = XlsxReader::Open(xlsx);
    if (!reader.ok()) return 1;
    const double opened = CpuSeconds();
    const int64_t rows =
        ReadRows(std::unique_ptr<CsvReader>(std::move(*reader)));
    std::printf(
        "%lld rows; CPU: %.2f s opening (shared strings), %.2f s "
        "reading the rows\n",
        static_cast<long long>(rows), opened - start, CpuSeconds() - opened);
    return 0;
  }
  int64_t csv_rows = 0, xlsx_rows = 0;
  double cpu[4] = {};
  const double csv_raw = Median(
      runs, [&] { return ReadRows(CsvReader::Open(csv)); }, csv_rows, cpu[0]);
  const double xlsx_raw = Median(
      runs,
      [&] {
        absl::StatusOr<std::unique_ptr<XlsxReader>> reader =
            XlsxReader::Open(xlsx);
        if (!reader.ok()) return int64_t{-1};
        return ReadRows(std::unique_ptr<CsvReader>(std::move(*reader)));
      },
      xlsx_rows, cpu[1]);

  ClientConfig config;
  config.populations = DefaultPopulations();
  auto reader = CrmExportReader::Create(config, {});
  int64_t csv_records = 0, xlsx_records = 0;
  const double csv_full = Median(
      runs,
      [&] {
        auto read = (*reader)->Read(csv);
        return read.ok() ? static_cast<int64_t>(read->accounts.size()) : -1;
      },
      csv_records, cpu[2]);
  const double xlsx_full = Median(
      runs,
      [&] {
        auto read = (*reader)->Read(xlsx);
        return read.ok() ? static_cast<int64_t>(read->accounts.size()) : -1;
      },
      xlsx_records, cpu[3]);

  std::printf("%-34s %8s %12s %9s %8s %9s\n", "", "wall s", "rows/s",
              "XLSX/CSV", "CPU s", "XLSX/CSV");
  const char* names[4] = {"rows, CsvReader", "rows, XlsxReader",
                          "whole read, CSV (CrmExportReader)",
                          "whole read, XLSX (CrmExportReader)"};
  const double walls[4] = {csv_raw, xlsx_raw, csv_full, xlsx_full};
  for (int i = 0; i < 4; ++i) {
    const bool xlsx_line = i % 2 == 1;
    std::printf("%-34s %8.2f %12.0f", names[i], walls[i], csv_rows / walls[i]);
    if (xlsx_line) {
      std::printf(" %8.0f%%", 100.0 * walls[i - 1] / walls[i]);
    } else {
      std::printf(" %9s", "");
    }
    std::printf(" %8.2f", cpu[i]);
    if (xlsx_line) std::printf(" %8.0f%%", 100.0 * cpu[i - 1] / cpu[i]);
    std::printf("\n");
  }
  if (csv_rows != xlsx_rows || csv_records != xlsx_records || csv_rows < 0) {
    std::printf("MISMATCH: rows %lld vs %lld, records %lld vs %lld\n",
                static_cast<long long>(csv_rows),
                static_cast<long long>(xlsx_rows),
                static_cast<long long>(csv_records),
                static_cast<long long>(xlsx_records));
    return 1;
  }
  return 0;
}
