// Comparing two ICP definitions attribute by attribute (scored 1-5, as the
// seeds' ICP Alignment Tracker does), next to the measured alignment: how
// many of the accounts both sides share fall inside both ICPs.
#ifndef BLINDMAP_CLIENT_ICP_ICP_COMPARE_H_
#define BLINDMAP_CLIENT_ICP_ICP_COMPARE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "blindmap/v1/broker.pb.h"
#include "blindmap/v1/icp.pb.h"

namespace blindmap {

// 1 + 4 x share, rounded to the nearest whole number (share 0..1): no
// overlap scores 1, full overlap 5.
int ScoreOfShare(double share);

// Set overlap of two lists, compared ignoring case, surrounding and
// repeated spaces: the share of the shorter list found in the other (0..1),
// and the items in common (as `a` spells them). nullopt if either is empty.
struct ListOverlap {
  double share = 0;
  std::vector<std::string> shared;
};
std::optional<ListOverlap> CompareLists(const std::vector<std::string>& a,
                                        const std::vector<std::string>& b);

// Range overlap: the length both ranges cover over the shorter range's
// length (0..1); a range with `max` 0 has no upper bound (two such ranges
// overlap fully); a single value (min == max) scores 1 inside the other
// range and 0 outside. nullopt if either range is unset (min and max 0).
std::optional<double> CompareRanges(const v1::IcpRange& a,
                                    const v1::IcpRange& b);

struct IcpAttributeScore {
  std::string attribute;     // "industry", ... (IcpAttributeNames())
  std::string label;         // "Industry", ...
  std::string mine;          // as people read it: "Banking, Insurance"
  std::string theirs;        // "" when the partner's ICP is not available
  std::optional<int> score;  // 1-5, or nullopt when not scored
  // How it was scored: "set overlap: 2 of 3 in common (Banking,
  // Insurance)", "range overlap 80%", "manual (partners.globex.icp_scores)",
  // or why not: "free text: give a manual score ...", "not given by globex".
  std::string method;
};

// The share of overlapping accounts inside both ICPs, from the ICP
// populations both sides defined (the overlap report's cell of my ICP
// population and theirs, over all overlapping records).
struct MeasuredAlignment {
  bool available = false;
  std::string reason;  // why not, when not available
  std::string my_population;
  std::string partner_population;
  uint64_t my_inside_both = 0;  // my records in my ICP matching their ICP
  uint64_t my_overlap = 0;      // my records matching any of theirs
  double my_share = 0;
  uint64_t partner_inside_both = 0;
  uint64_t partner_overlap = 0;
  double partner_share = 0;
  bool noisy = false;
  std::string period;
};

struct IcpComparison {
  std::string me;
  std::string partner;
  bool partner_icp = false;  // the partner's definition is here
  std::vector<IcpAttributeScore> attributes;  // the seeds' order, all seven
  std::optional<double> average;              // over the scored attributes
  int scored = 0;
  MeasuredAlignment measured;
};

// Compares `mine` with `theirs` (null when the partner has not shared its
// ICP, or it did not open). `manual` holds manual scores by attribute name
// (partners.<name>.icp_scores); a manual score wins over a computed one.
// `report` (null when there is none) gives the measured alignment. Pure.
IcpComparison CompareIcps(const v1::IcpDefinition& mine,
                          const v1::IcpDefinition* theirs,
                          const std::map<std::string, int>& manual,
                          const std::string& me, const std::string& partner,
                          const v1::OverlapReport* report);

// The measured alignment alone (see MeasuredAlignment). `my_population` /
// `partner_population` "" mean: the population with role icp in the
// report, if any.
MeasuredAlignment MeasureAlignment(const v1::OverlapReport& report,
                                   const std::string& my_population,
                                   const std::string& partner_population,
                                   const std::string& partner);

}  // namespace blindmap

#endif  // BLINDMAP_CLIENT_ICP_ICP_COMPARE_H_
