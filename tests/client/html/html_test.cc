// The self-contained HTML builder: escaping of hostile text, the page's
// policy against fetches, tables, the heatmap and the SVG charts.
#include <string>

#include "client/html/html_heatmap.h"
#include "client/html/html_page.h"
#include "client/html/html_table.h"
#include "client/html/html_text.h"
#include "client/html/svg_chart.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace blindmap {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

TEST(HtmlEscapeTest, MarkupAndTerminalControlsBecomeVisibleText) {
  EXPECT_EQ(HtmlEscape("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; "
            "&quot;y&quot;");
  EXPECT_EQ(HtmlEscape("\x1b[2Jgone"), "\\e[2Jgone");
  // A right-to-left override cannot reorder the page.
  EXPECT_EQ(HtmlEscape("abc\xE2\x80\xAE"
                       "def"),
            "abc\\u{202E}def");
  EXPECT_EQ(HtmlEscape("caf\xC3\xA9 \xE6\x97\xA5\xE7\xAB\x8B"),
            "caf\xC3\xA9 \xE6\x97\xA5\xE7\xAB\x8B");
  EXPECT_EQ(HtmlEscape("bad \xff byte"), "bad \\xFF byte");
  EXPECT_EQ(SvgNumber(12.0), "12");
  EXPECT_EQ(SvgNumber(12.345), "12.35");
  EXPECT_EQ(SvgNumber(-0.001), "0");
}

TEST(HtmlPageTest, OneFileWithItsStyleAPolicyAgainstFetchesAndNoScript) {
  HtmlPage page("Plan <acme> & \"globex\"");
  page.AddHeading(1, "Title <b>", "top");
  page.AddParagraph("a <i>note</i>", "note");
  page.AddFacts({{"Period", "2026-11"}, {"<k>", "<v>"}});
  page.AddList({"one", "<two>"}, "bad id!");
  page.AddSection("s1", "Section", "<p>trusted</p>\n");
  const std::string html = page.Render();
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n", 0), 0u);
  EXPECT_THAT(html, HasSubstr("<meta http-equiv=\"Content-Security-Policy\" "
                              "content=\"default-src 'none'; style-src "
                              "'unsafe-inline'; img-src data:\">"));
  EXPECT_THAT(html, HasSubstr("<title>Plan &lt;acme&gt; &amp; "
                              "&quot;globex&quot;</title>"));
  EXPECT_THAT(html, HasSubstr("<h1 id=\"top\">Title &lt;b&gt;</h1>"));
  EXPECT_THAT(html,
              HasSubstr("<p class=\"note\">a &lt;i&gt;note&lt;/i&gt;</p>"));
  EXPECT_THAT(html, HasSubstr("<dt>&lt;k&gt;</dt><dd>&lt;v&gt;</dd>"));
  EXPECT_THAT(html, HasSubstr("<ul class=\"compact\">"));  // unsafe id dropped
  EXPECT_THAT(html, HasSubstr("<section id=\"s1\">\n<h2>Section</h2>\n"
                              "<p>trusted</p>\n</section>"));
  EXPECT_THAT(html, HasSubstr("<style>"));
  for (const char* fetching :
       {"<script", "<link", "<img", "<iframe", "http:", "https:", "url(",
        "@import", " src=", " href="}) {
    EXPECT_THAT(html, Not(HasSubstr(fetching))) << fetching;
  }
}

TEST(HtmlTableTest, RowsFooterNumericColumnsAndDataAttributes) {
  HtmlTable table("tier1", {"#", "Account", "Score"}, "nln");
  table.SetCaption("Tier <1>");
  table.AddRow({"1", "<script>x</script>", "27"});
  HtmlCell score = TextCell("30", "on-track");
  score.title = "why <this>";
  score.data = {{"value", "30"}, {"Bad Name", "dropped"}};
  table.AddCells({TextCell("2"), TextCell("Beta"), score}, "overdue");
  table.AddFooter({"", "Total", "57"});
  EXPECT_EQ(table.rows(), 2u);
  const std::string html = table.Render();
  EXPECT_THAT(html, HasSubstr("<table id=\"tier1\" data-rows=\"2\">"));
  EXPECT_THAT(html, HasSubstr("<caption>Tier &lt;1&gt;</caption>"));
  EXPECT_THAT(html, HasSubstr("<th class=\"n\">#</th><th>Account</th>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"n\">1</td><td>&lt;script&gt;x&lt;/"
                              "script&gt;</td><td class=\"n\">27</td>"));
  EXPECT_THAT(html, HasSubstr("<tr class=\"overdue\">"));
  EXPECT_THAT(html, HasSubstr("<td class=\"n on-track\" title=\"why "
                              "&lt;this&gt;\" data-value=\"30\">30</td>"));
  EXPECT_THAT(html, Not(HasSubstr("dropped")));
  EXPECT_THAT(html, HasSubstr("<tfoot>\n<tr><td class=\"n\"></td><td>Total"));
  EXPECT_EQ(Count(html, "<tr"), 4u);  // header, two rows, footer

  HtmlTable empty("t2", {"A", "B"});
  EXPECT_THAT(empty.Render(), HasSubstr("<tr class=\"empty\"><td colspan=\"2\" "
                                        "class=\"unknown\">none</td></tr>"));
}

TEST(HtmlHeatmapTest, CellsAreShadedByValueAndKeepTheirNumbers) {
  HeatmapSpec spec;
  spec.id = "coverage-matrix";
  spec.corner = "acme \\ globex";
  spec.row_labels = {"Customers (96)", "Prospects <91>"};
  spec.column_labels = {"Customers (84)", "Prospects (106)"};
  spec.values = {{16, 15}, {21, std::nullopt}};
  spec.labels = {{"16 / 15", ""}, {"", ""}};
  spec.legend = "Darker: more";
  const std::string html = RenderHeatmap(spec);
  EXPECT_THAT(html,
              HasSubstr("<table class=\"heatmap\" id=\"coverage-matrix\">"));
  EXPECT_THAT(html, HasSubstr("<th>Prospects &lt;91&gt;</th>"));
  // The largest value gets the darkest shade and white text.
  EXPECT_THAT(html, HasSubstr("data-value=\"21\" style=\"background:#08519c;"
                              "color:#ffffff\">21</td>"));
  EXPECT_THAT(html, HasSubstr("data-value=\"16\" style=\"background:"));
  EXPECT_THAT(html, HasSubstr(">16 / 15</td>"));
  EXPECT_THAT(html,
              HasSubstr("<td class=\"cell unknown\" data-value=\"\">-</td>"));
  EXPECT_EQ(Count(html, "<td class=\"cell"), 4u);
  EXPECT_THAT(html, HasSubstr("<p class=\"legend\">Darker: more</p>"));
}

TEST(SvgChartTest, LineAndBarChartsAreInlineSvgWithEveryValueReadable) {
  LineChartSpec line;
  line.id = "overlap-trend";
  line.title = "Overlap <rate>";
  line.percent = true;
  line.x_labels = {"2026-10", "2026-11", "2026-12"};
  line.series = {{"Yours", {0.2, std::nullopt, 0.35}},
                 {"Partner's", {0.1, 0.15, 0.2}}};
  const std::string svg = RenderLineChart(line);
  EXPECT_EQ(
      svg.rfind("<svg class=\"chart\" role=\"img\" id=\"overlap-trend\"", 0),
      0u);
  EXPECT_THAT(svg, HasSubstr("<title>Overlap &lt;rate&gt;</title>"));
  EXPECT_EQ(Count(svg, "<circle"), 5u);  // one gap
  EXPECT_EQ(Count(svg, "<polyline"), 2u);
  EXPECT_THAT(svg, HasSubstr("<title>Yours, 2026-12: 35.0%</title>"));
  // The y axis tops out at 50% for values up to 35%.
  EXPECT_THAT(svg, HasSubstr(">50.0%</text>"));
  EXPECT_THAT(svg, Not(HasSubstr("http")));

  BarChartSpec bars;
  bars.id = "types";
  bars.title = "Types";
  bars.labels = {"Prospect / Customer", "Customer / Customer"};
  bars.values = {21, 0};
  const std::string bar_svg = RenderBarChart(bars);
  EXPECT_EQ(Count(bar_svg, "<rect"), 2u);
  EXPECT_THAT(bar_svg, HasSubstr("<title>Prospect / Customer: 21</title>"));
  EXPECT_THAT(bar_svg, HasSubstr("width=\"0\""));
}

}  // namespace
}  // namespace blindmap
