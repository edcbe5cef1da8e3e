// The loader and validator: every kind of bad row gives one exact diagnostic (file:line, column,
// reason), every problem in a file is reported, the bundled data loads clean, and no input -
// truncated, binary or huge - crashes or hangs the loader.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "core/csv.hpp"
#include "network/export.hpp"
#include "network/network.hpp"

namespace caravan {
namespace {

namespace fs = std::filesystem;

const std::string kBundled = std::string(CARAVAN_TEST_DIR) + "/../data/corridors";

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_text(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

// A scratch directory holding the seven tables, removed at the end of the test.
class Dataset {
 public:
  Dataset() {
    static std::atomic<int> counter{0};
    dir_ = fs::temp_directory_path() /
           ("caravan-loader-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  ~Dataset() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  Dataset(const Dataset&) = delete;
  Dataset& operator=(const Dataset&) = delete;

  // A copy of data/corridors.
  static void copy_bundled(Dataset& d) {
    for (const auto& entry : fs::directory_iterator(kBundled))
      if (entry.path().extension() == ".csv") d.files_[entry.path().filename().string()] = read_text(entry.path());
  }

  // A tiny valid network: CN_AAA -rail 1435- CN_BBB =crossing bbb-ccc (1435/1520)= KZ_CCC -rail 1520- KZ_DDD,
  // and one rail service from CN_AAA to KZ_DDD.
  static void minimal(Dataset& d) {
    d.files_["nodes.csv"] =
        "id,name,aliases,country,lat,lon,kind,unlocode,timezone,gauge_change_hours,gauge_change_usd_per_teu,disruption_p,source\n"
        "CN_AAA,Aaa,Aa|A a,CN,43.0,80.0,rail_terminal,,Asia/Shanghai,,,,test\n"
        "CN_BBB,Bbb,,CN,44.0,80.5,border_crossing,,Asia/Shanghai,,,,test\n"
        "KZ_CCC,Ccc,,KZ,44.1,80.6,border_crossing,,Asia/Almaty,,,,test\n"
        "KZ_DDD,Ddd,,KZ,45.0,81.0,city,KZDDD,Asia/Almaty,,,,test\n";
    d.files_["links.csv"] =
        "id,from,to,mode,gauge_mm,traction,distance_km,distance_is_estimate,status,opening_year,speed_kmh,crossing,capacity_teu_day,capacity_bcm_year,disruption_p,notes,source\n"
        "rail:CN_AAA:CN_BBB,CN_AAA,CN_BBB,rail,1435,electric,130,false,operational,,,,,,,,test\n"
        "rail:CN_BBB:KZ_CCC,CN_BBB,KZ_CCC,rail,1435/1520,electric,15,true,operational,,,bbb-ccc,,,,,estimate\n"
        "rail:KZ_CCC:KZ_DDD,KZ_CCC,KZ_DDD,rail,1520,diesel,120,false,operational,,,,,,,,test\n";
    d.files_["crossings.csv"] =
        "id,name,aliases,mode,side_a,side_b,hours_a,hours_b,seasonal_closure,median_h_ab,p90_h_ab,median_h_ba,p90_h_ba,capacity_per_day,capacity_teu_day,gauge_change_hours,gauge_change_usd_per_teu,fee_usd_per_teu,disruption_p,source\n"
        "bbb-ccc,Bbb-Ccc,,rail,CN_BBB,KZ_CCC,24/7,Mo-Fr 09:00-18:00; PH off,01-01..01-02,10,18,6,10.8,20,1000,2,100,50,0.01,test\n";
    d.files_["services.csv"] =
        "id,name,operator,mode,route,leg_hours,days,depart_local,dwell_hours,cutoff_hours,capacity_teu,tariff_usd_per_teu,source\n"
        "aaa-ddd,Aaa-Ddd train,Op,rail,CN_AAA>(CN_BBB)>(KZ_CCC)>KZ_DDD,48,\"Mo,Th\",10:00,0,24,82,1000,test\n";
    d.files_["modes.csv"] =
        "profile,speed_kmh,cost_usd_per_teu_km,cost_usd_per_teu_leg,terminal_usd_per_teu,terminal_hours,co2e_wtw_g_per_tkm,co2e_ttw_g_per_tkm,disruption_p_per_1000km,source\n"
        "rail_electric,45,0.12,150,60,6,34.7,27.79,0.01,test\n"
        "rail_diesel,40,0.13,150,60,6,34.7,27.79,0.01,test\n"
        "road,50,0.9,100,40,2,100,80,0.02,test\n"
        "ferry,20,0.3,200,80,8,40,30,0.02,test\n"
        "sea,30,0.05,200,80,12,20,15,0.01,test\n"
        "pipeline,10,0.01,0,0,0,1,1,0.001,test\n";
    d.files_["parameters.csv"] = "name,value,unit,source\npayload_t_per_teu,10,t,test\n";
    d.files_["holidays.csv"] = "country,date,name,source\nKZ,2026-01-01,New Year,test\n";
  }

  std::string& operator[](const std::string& file) { return files_[file]; }
  void erase(const std::string& file) { files_.erase(file); }

  // Replaces the first occurrence of `from` in `file`; fails the test if there is none.
  void replace(const std::string& file, std::string_view from, std::string_view to) {
    auto& text = files_.at(file);
    const auto pos = text.find(from);
    ASSERT_NE(pos, std::string::npos) << file << " has no '" << from << "'";
    text.replace(pos, from.size(), to);
  }

  // 1-based line of the first line of `file` containing `needle` (0 if none).
  int line_of(const std::string& file, std::string_view needle) const {
    std::istringstream in(files_.at(file));
    std::string line;
    for (int n = 1; std::getline(in, line); ++n)
      if (line.find(needle) != std::string::npos) return n;
    return 0;
  }

  [[nodiscard]] const fs::path& dir() const { return dir_; }

  LoadResult load() {
    for (const auto& [name, text] : files_) write_text(dir_ / name, text);
    return load_network(dir_.string());
  }

 private:
  fs::path dir_;
  std::map<std::string, std::string> files_;
};

std::vector<std::string> messages(const LoadResult& result) {
  std::vector<std::string> out;
  for (const auto& d : result.diagnostics.items()) out.push_back(d.to_string());
  return out;
}

using Strings = std::vector<std::string>;

// Loads the minimal dataset after `mutate` and returns the diagnostics.
template <class F>
Strings minimal_with(F&& mutate) {
  Dataset d;
  Dataset::minimal(d);
  mutate(d);
  const auto result = d.load();
  EXPECT_EQ(result.network == nullptr, !result.diagnostics.empty());
  return messages(result);
}

TEST(Loader, MinimalDatasetLoadsClean) {
  Dataset d;
  Dataset::minimal(d);
  const auto result = d.load();
  ASSERT_TRUE(result.network) << result.diagnostics.to_string();
  EXPECT_TRUE(result.diagnostics.empty());
  const auto& net = *result.network;
  EXPECT_EQ(net.nodes.size(), 4u);
  EXPECT_EQ(net.links.size(), 3u);
  EXPECT_EQ(net.crossings.size(), 1u);
  ASSERT_EQ(net.services.size(), 1u);
  EXPECT_EQ(net.time_zones.size(), 2u);
  const auto& s = net.services[ServiceIdx{std::uint32_t{0}}];
  ASSERT_EQ(s.calls.size(), 2u);
  EXPECT_EQ(s.calls[0].links_to_next.size(), 3u);
  EXPECT_DOUBLE_EQ(s.calls[1].km_from_start, 265);
}

// ---- one diagnostic per kind of bad row ----

TEST(LoaderDiagnostics, UnknownNodeInLink) {
  EXPECT_EQ(minimal_with([](Dataset& d) {
              d.replace("links.csv", "rail:KZ_CCC:KZ_DDD,KZ_CCC,KZ_DDD", "rail:KZ_CCC:KZ_EEE,KZ_CCC,KZ_EEE");
            }),
            (Strings{"links.csv:4: column 'to': unknown node 'KZ_EEE'",
                     // the service over that link cannot be resolved either
                     "services.csv:2: column 'route': no rail link joins KZ_CCC and KZ_DDD"}));
  EXPECT_EQ(minimal_with([](Dataset& d) {
              d.replace("links.csv", "rail:CN_AAA:CN_BBB,CN_AAA,", "rail:CN_AAA:CN_BBB,CN_XXX,");
            }),
            (Strings{"links.csv:2: column 'from': unknown node 'CN_XXX'",
                     "links.csv:2: column 'id': 'rail:CN_AAA:CN_BBB' should be 'rail:CN_XXX:CN_BBB' (optionally with a ':suffix')",
                     "services.csv:2: column 'route': no rail link joins CN_AAA and CN_BBB"}));
}

TEST(LoaderDiagnostics, DuplicateId) {
  EXPECT_EQ(minimal_with([](Dataset& d) {
              d["nodes.csv"] += "CN_AAA,Aaa again,,CN,43.0,80.0,city,,Asia/Shanghai,,,,test\n";
            }),
            (Strings{"nodes.csv:6: column 'id': duplicate id 'CN_AAA' (first defined at line 2)"}));
  EXPECT_EQ(minimal_with([](Dataset& d) {
              d["links.csv"] += "rail:CN_AAA:CN_BBB,CN_AAA,CN_BBB,rail,1435,electric,131,false,operational,,,,,,,,test\n";
            }),
            (Strings{"links.csv:5: column 'id': duplicate id 'rail:CN_AAA:CN_BBB' (first defined at line 2)"}));
  EXPECT_EQ(minimal_with([](Dataset& d) {
              d["services.csv"] += "aaa-ddd,Again,Op,rail,CN_AAA>CN_BBB,3,daily,10:00,0,24,82,100,test\n";
            }),
            (Strings{"services.csv:3: column 'id': duplicate id 'aaa-ddd' (first defined at line 2)"}));
}

TEST(LoaderDiagnostics, RailSpeeds) {
  EXPECT_EQ(minimal_with([](Dataset& d) {
              d["rail_speeds.csv"] =
                  "country,speed_kmh,year,basis,source\n"
                  "KZ,14,2022,delivery,test\n"
                  "KZ,15,2023,delivery,test\n"
                  "XX,0.5,2022,delivery,test\n";
            }),
            (Strings{"rail_speeds.csv:3: column 'country': 'KZ' is given twice (first at line 2)",
                     "rail_speeds.csv:4: column 'country': 'XX' is not an ISO 3166-1 alpha-2 country code",
                     "rail_speeds.csv:4: column 'speed_kmh': 0.5 is out of range [1, 200]"}));
}

TEST(LoaderDiagnostics, BadCountryCode) {
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("nodes.csv", "Aa|A a,CN,", "Aa|A a,XX,"); }),
            (Strings{"nodes.csv:2: column 'country': 'XX' is not an ISO 3166-1 alpha-2 country code"}));
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("nodes.csv", "Aa|A a,CN,", "Aa|A a,CHN,"); }),
            (Strings{"nodes.csv:2: column 'country': 'CHN' is not an ISO 3166-1 alpha-2 country code"}));
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("holidays.csv", "KZ,", "kz,"); }),
            (Strings{"holidays.csv:2: column 'country': 'kz' is not an ISO 3166-1 alpha-2 country code"}));
}

TEST(LoaderDiagnostics, BadCountryCodeInBundledData) {
  Dataset d;
  Dataset::copy_bundled(d);
  const int line = d.line_of("nodes.csv", "CN_SHANGHAI,");
  ASSERT_GT(line, 1);
  d.replace("nodes.csv", ",,CN,31.22222", ",,XX,31.22222");
  EXPECT_EQ(messages(d.load()),
            (Strings{"nodes.csv:" + std::to_string(line) +
                     ": column 'country': 'XX' is not an ISO 3166-1 alpha-2 country code"}));
}

TEST(LoaderDiagnostics, DischargeDwellOnlyAtPortsAndInRange) {
  Dataset d;
  Dataset::copy_bundled(d);
  const int line = d.line_of("nodes.csv", "RO_CONSTANTA,");
  ASSERT_GT(line, 1);
  const auto loaded = d.load();
  ASSERT_TRUE(loaded.network) << loaded.diagnostics.to_string();
  const auto& constanta = loaded.network->nodes[loaded.network->node_by_id.at("RO_CONSTANTA")];
  EXPECT_EQ(constanta.discharge_dwell, Duration::hours(84));

  d.replace("nodes.csv", "seaport,,Europe/Bucharest,,,84,", "city,,Europe/Bucharest,,,84,");
  EXPECT_EQ(messages(d.load()), (Strings{"nodes.csv:" + std::to_string(line) +
                                         ": column 'discharge_dwell_hours': applies only to seaport and ferry_port nodes"}));
  d.replace("nodes.csv", "city,,Europe/Bucharest,,,84,", "seaport,,Europe/Bucharest,,,-1,");
  EXPECT_EQ(messages(d.load()), (Strings{"nodes.csv:" + std::to_string(line) +
                                         ": column 'discharge_dwell_hours': -1 is out of range [0, 720]"}));
}

TEST(LoaderDiagnostics, CoordinatesOutOfRange) {
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("nodes.csv", "CN,43.0,80.0,", "CN,91,80.0,"); }),
            (Strings{"nodes.csv:2: column 'lat': 91 is out of range [-90, 90]"}));
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("nodes.csv", "CN,43.0,80.0,", "CN,-90.5,80.0,"); }),
            (Strings{"nodes.csv:2: column 'lat': -90.5 is out of range [-90, 90]"}));
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("nodes.csv", "CN,43.0,80.0,", "CN,43.0,180.01,"); }),
            (Strings{"nodes.csv:2: column 'lon': 180.01 is out of range [-180, 180]"}));
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("nodes.csv", "CN,43.0,80.0,", "CN,43.0,-200,"); }),
            (Strings{"nodes.csv:2: column 'lon': -200 is out of range [-180, 180]"}));
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("nodes.csv", "CN,43.0,80.0,", "CN,north,80.0,"); }),
            (Strings{"nodes.csv:2: column 'lat': 'north' is not a number"}));
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("nodes.csv", "CN,43.0,80.0,", "CN,nan,inf,"); }),
            (Strings{"nodes.csv:2: column 'lat': 'nan' is not a number", "nodes.csv:2: column 'lon': 'inf' is not a number"}));
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("nodes.csv", "CN,43.0,80.0,", "CN,,80.0,"); }),
            (Strings{"nodes.csv:2: column 'lat': is required"}));
}

TEST(LoaderDiagnostics, NegativeOrZeroDistance) {
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("links.csv", "electric,130,", "electric,-5,"); }),
            (Strings{"links.csv:2: column 'distance_km': -5 km: a distance must be positive"}));
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("links.csv", "electric,130,", "electric,0,"); }),
            (Strings{"links.csv:2: column 'distance_km': 0 km: a distance must be positive"}));
}

TEST(LoaderDiagnostics, AbsurdDistance) {
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("links.csv", "electric,130,", "electric,30000,"); }),
            (Strings{"links.csv:2: column 'distance_km': 30000 km is absurd for one link (over 25,000 km)"}));
  // CN_AAA-CN_BBB are 118 km apart on the great circle: 5 x 118 + 100 = 690 km is the limit.
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("links.csv", "electric,130,", "electric,700,"); }),
            (Strings{"links.csv:2: column 'distance_km': 700 km is absurd: over 5 times the great-circle distance "
                     "between its ends (118 km)"}));
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("links.csv", "electric,130,", "electric,680,"); }), Strings{});
  // and the other way: shorter than the great circle
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("links.csv", "electric,130,", "electric,90,"); }),
            (Strings{"links.csv:2: column 'distance_km': 90 km is shorter than the great-circle distance between "
                     "its ends (118 km)"}));
}

TEST(LoaderDiagnostics, GaugeMismatchWithNothingConverting) {
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("links.csv", "rail,1520,diesel", "rail,1435,diesel"); }),
            (Strings{"links.csv:3: column 'gauge_mm': 1520 mm meets 1435 mm (link 'rail:KZ_CCC:KZ_DDD', line 4) at "
                     "KZ_CCC and nothing there converts gauge"}));
  // The same meeting is fine at an inland break of gauge.
  EXPECT_EQ(minimal_with([](Dataset& d) {
              d.replace("links.csv", "rail,1520,diesel", "rail,1435,diesel");
              d.replace("nodes.csv", "Asia/Almaty,,,,test\nKZ_DDD", "Asia/Almaty,3,50,,test\nKZ_DDD");
            }),
            Strings{});
  // A gauge pair on a crossing whose crossing converts nothing.
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("crossings.csv", ",2,100,50,", ",,,50,"); }),
            (Strings{"links.csv:3: column 'gauge_mm': changes gauge 1435/1520 but crossing 'bbb-ccc' has no "
                     "gauge_change_hours"}));
}

TEST(LoaderDiagnostics, CrossingWithBothSidesInOneCountry) {
  EXPECT_EQ(minimal_with([](Dataset& d) {
              d.replace("nodes.csv", ",,KZ,44.1", ",,CN,44.1");
              d.replace("nodes.csv", ",,KZ,45.0", ",,CN,45.0");
              d.replace("nodes.csv", "KZDDD", "");
            }),
            (Strings{"crossings.csv:2: column 'side_b': both sides of crossing 'bbb-ccc' are in CN (CN_BBB and KZ_CCC)"}));
}

TEST(LoaderDiagnostics, ServiceOverMissingLink) {
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("services.csv", "CN_AAA>(CN_BBB)>(KZ_CCC)>KZ_DDD", "CN_AAA>KZ_DDD"); }),
            (Strings{"services.csv:2: column 'route': no rail link joins CN_AAA and KZ_DDD"}));
  // a link exists, but not of the service's mode
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("services.csv", "Op,rail,", "Op,ferry,"); }),
            (Strings{"services.csv:2: column 'route': no ferry link joins CN_AAA and CN_BBB"}));
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("services.csv", "(KZ_CCC)>KZ_DDD", "(KZ_CCC)>KZ_ZZZ"); }),
            (Strings{"services.csv:2: column 'route': unknown node 'KZ_ZZZ'"}));
}

TEST(LoaderDiagnostics, UnknownTimeZone) {
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("nodes.csv", "Asia/Shanghai", "Asia/Atlantis"); }),
            (Strings{"nodes.csv:2: column 'timezone': unknown IANA time zone 'Asia/Atlantis'"}));
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("nodes.csv", "Asia/Shanghai", "../../etc/passwd"); }),
            (Strings{"nodes.csv:2: column 'timezone': unknown IANA time zone '../../etc/passwd'"}));
  // a UTC offset is not a zone name
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("nodes.csv", "Asia/Shanghai", "UTC+8"); }),
            (Strings{"nodes.csv:2: column 'timezone': unknown IANA time zone 'UTC+8'"}));
}

TEST(LoaderDiagnostics, MalformedOpeningHours) {
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("crossings.csv", "24/7,Mo-Fr", "Mo-Fr 25:00-26:00,Mo-Fr"); }),
            (Strings{"crossings.csv:2: column 'hours_a': malformed opening hours 'Mo-Fr 25:00-26:00': time '25:00' out of range in rule 1"}));
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("crossings.csv", "24/7,Mo-Fr", "Xx 09:00-18:00,Mo-Fr"); }),
            (Strings{"crossings.csv:2: column 'hours_a': malformed opening hours 'Xx 09:00-18:00': unknown day 'Xx' in rule 1"}));
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("crossings.csv", "24/7,Mo-Fr", ",Mo-Fr"); }), (Strings{"crossings.csv:2: column 'hours_a': malformed opening hours '': empty opening hours"}));
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("crossings.csv", "Mo-Fr 09:00-18:00; PH off", "Mo-Fr 22:00-02:00"); }),
            (Strings{"crossings.csv:2: column 'hours_b': malformed opening hours 'Mo-Fr 22:00-02:00': closing time before "
                     "opening time in '22:00-02:00' in rule 1"}));
}

TEST(LoaderDiagnostics, MissingSource) {
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("links.csv", "operational,,,,,,,,test\nrail:CN_BBB", "operational,,,,,,,,\nrail:CN_BBB"); }),
            (Strings{"links.csv:2: column 'source': missing source: name a URL or document, or say 'estimate' and how"}));
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("nodes.csv", "Asia/Almaty,,,,test\nKZ_DDD", "Asia/Almaty,,,,  \nKZ_DDD"); }),
            (Strings{"nodes.csv:4: column 'source': missing source: name a URL or document, or say 'estimate' and how"}));
}

TEST(LoaderDiagnostics, UnknownColumn) {
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("nodes.csv", "id,name,aliases,", "id,name,alias,"); }),
            (Strings{"nodes.csv:1: column 'alias': unknown column (see docs/data-format.md)"}));
}

TEST(LoaderDiagnostics, MissingRequiredColumn) {
  EXPECT_EQ(minimal_with([](Dataset& d) {
              d["services.csv"] =
                  "id,name,operator,mode,route,leg_hours,days,depart_local,dwell_hours,cutoff_hours,capacity_teu,source\n"
                  "aaa-ddd,Aaa-Ddd train,Op,rail,CN_AAA>(CN_BBB)>(KZ_CCC)>KZ_DDD,48,\"Mo,Th\",10:00,0,24,82,test\n";
            }),
            (Strings{"services.csv:1: column 'tariff_usd_per_teu': required column is missing"}));
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("parameters.csv", "name,value,unit,source", "name,value,units,source"); }),
            (Strings{"parameters.csv:1: column 'unit': required column is missing",
                     "parameters.csv:1: column 'units': unknown column (see docs/data-format.md)"}));
}

TEST(LoaderDiagnostics, MissingOrEmptyFile) {
  EXPECT_EQ(minimal_with([](Dataset& d) { d["modes.csv"].clear(); }),
            (Strings{"modes.csv: empty file: a header line is required"}));
  Dataset d;
  Dataset::minimal(d);
  d.erase("modes.csv");
  EXPECT_EQ(messages(d.load()), (Strings{"modes.csv: cannot open " + (d.dir() / "modes.csv").string()}));
}

TEST(LoaderDiagnostics, UnterminatedQuote) {
  EXPECT_EQ(minimal_with([](Dataset& d) { d["holidays.csv"] += "CN,2026-10-01,\"National Day,test\nCN,2026-10-02,x,test\n"; }),
            (Strings{"holidays.csv:3: unterminated quoted field"}));
}

TEST(LoaderDiagnostics, WrongFieldCount) {
  EXPECT_EQ(minimal_with([](Dataset& d) { d["parameters.csv"] += "extra,1,x,test,surplus\nshort,1\n"; }),
            (Strings{"parameters.csv:3: has 5 fields, the header has 4", "parameters.csv:4: has 2 fields, the header has 4"}));
  // a quoted field with a line break still counts from the line the record starts on
  EXPECT_EQ(minimal_with([](Dataset& d) { d["parameters.csv"] += "multi,1,\"two\nlines\",test\nshort,1\n"; }),
            (Strings{"parameters.csv:5: has 2 fields, the header has 4"}));
}

TEST(LoaderDiagnostics, QuoteInsideUnquotedField) {
  EXPECT_EQ(minimal_with([](Dataset& d) { d.replace("nodes.csv", "Ddd,", "D\"dd,"); }),
            (Strings{"nodes.csv:5: quote inside an unquoted field"}));
}

TEST(LoaderDiagnostics, NulByte) {
  EXPECT_EQ(minimal_with([](Dataset& d) { d["parameters.csv"] += std::string("bad,1,x,te\0st\n", 14); }),
            (Strings{"parameters.csv:3: binary data (NUL byte) in a text file"}));
}

TEST(LoaderDiagnostics, IdPatterns) {
  const auto diagnostics = minimal_with([](Dataset& d) {
    for (const char* id : {"KZAB_X", "KZ_", "K_X", "KZ_a", "KZ-X", "ABC_1_", "AB__9"})
      d["nodes.csv"] += std::string(id) + ",N,,KZ,44,81,city,,Asia/Almaty,,,,test\n";
    d["nodes.csv"] += "KZ_U1,N,,KZ,44,81,city,KZ1AB,Asia/Almaty,,,,test\n";
    d["nodes.csv"] += "KZ_U2,N,,KZ,44,81,city,KZA29,Asia/Almaty,,,,test\n";
    for (const char* id : {"a--b", "-a", "a-", "A-b", "a1-b2-c3"})
      d["crossings.csv"] += std::string(id) + ",X,,rail,CN_AAA,KZ_DDD,24/7,24/7,,1,2,1,2,,,,,,,test\n";
  });
  EXPECT_EQ(diagnostics,
            (Strings{"nodes.csv:6: column 'id': 'KZAB_X' does not look like CC_NAME (e.g. KZ_ALMATY)",
                     "nodes.csv:7: column 'id': 'KZ_' does not look like CC_NAME (e.g. KZ_ALMATY)",
                     "nodes.csv:8: column 'id': 'K_X' does not look like CC_NAME (e.g. KZ_ALMATY)",
                     "nodes.csv:9: column 'id': 'KZ_a' does not look like CC_NAME (e.g. KZ_ALMATY)",
                     "nodes.csv:10: column 'id': 'KZ-X' does not look like CC_NAME (e.g. KZ_ALMATY)",
                     "nodes.csv:13: column 'unlocode': 'KZ1AB' is not a UN/LOCODE (two letters and three letters or "
                     "digits 2-9)",
                     "crossings.csv:3: column 'id': 'a--b' is not kebab-case (e.g. khorgos-altynkol)",
                     "crossings.csv:4: column 'id': '-a' is not kebab-case (e.g. khorgos-altynkol)",
                     "crossings.csv:5: column 'id': 'a-' is not kebab-case (e.g. khorgos-altynkol)",
                     "crossings.csv:6: column 'id': 'A-b' is not kebab-case (e.g. khorgos-altynkol)"}));
}

// ---- every problem is reported ----

TEST(LoaderDiagnostics, EveryProblemInAFileIsReported) {
  const auto diagnostics = minimal_with([](Dataset& d) {
    d["nodes.csv"] +=
        "KZ_E1,E1,,XX,44,81,city,,Asia/Almaty,,,,test\n"            // 6: country
        "KZ_E2,E2,,KZ,95,81,city,,Asia/Almaty,,,,test\n"            // 7: lat
        "KZ_E3,E3,,KZ,44,181,city,,Asia/Almaty,,,,test\n"           // 8: lon
        "KZ_E4,E4,,KZ,44,81,city,,Asia/Nowhere,,,,test\n"           // 9: time zone
        "KZ_E5,E5,,KZ,44,81,city,,Asia/Almaty,,,,\n"                // 10: source
        "KZ_E6,E6,,KZ,44,81,town,,Asia/Almaty,,,,test\n"            // 11: kind
        "kz_e7,E7,,KZ,44,81,city,,Asia/Almaty,,,,test\n"            // 12: id pattern
        "KZ_E8,E8,,KZ,44,81,city,CNXYZ,Asia/Almaty,,,,test\n"       // 13: unlocode country
        "KZ_E9,E9,,KZ,44,81,city,,Asia/Almaty,,,2,test\n"           // 14: disruption_p
        "CN_AAA,dup,,CN,44,81,city,,Asia/Shanghai,,,,test\n"        // 15: duplicate
        "XX_E10,,,QQ,-91,-181,city,,Mars/Base,,,,\n";                // 16: six at once
  });
  EXPECT_EQ(diagnostics,
            (Strings{
                "nodes.csv:6: column 'country': 'XX' is not an ISO 3166-1 alpha-2 country code",
                "nodes.csv:7: column 'lat': 95 is out of range [-90, 90]",
                "nodes.csv:8: column 'lon': 181 is out of range [-180, 180]",
                "nodes.csv:9: column 'timezone': unknown IANA time zone 'Asia/Nowhere'",
                "nodes.csv:10: column 'source': missing source: name a URL or document, or say 'estimate' and how",
                "nodes.csv:11: column 'kind': 'town' is not one of city, rail_terminal, dry_port, border_crossing, "
                "seaport, ferry_port, chokepoint, waypoint, gas_field, airport",
                "nodes.csv:12: column 'id': 'kz_e7' does not look like CC_NAME (e.g. KZ_ALMATY)",
                "nodes.csv:13: column 'unlocode': 'CNXYZ' does not start with the node's country KZ",
                "nodes.csv:14: column 'disruption_p': 2 is out of range [0, 1]",
                "nodes.csv:15: column 'id': duplicate id 'CN_AAA' (first defined at line 2)",
                "nodes.csv:16: column 'name': is required",
                "nodes.csv:16: column 'country': 'QQ' is not an ISO 3166-1 alpha-2 country code",
                "nodes.csv:16: column 'lat': -91 is out of range [-90, 90]",
                "nodes.csv:16: column 'lon': -181 is out of range [-180, 180]",
                "nodes.csv:16: column 'timezone': unknown IANA time zone 'Mars/Base'",
                "nodes.csv:16: column 'source': missing source: name a URL or document, or say 'estimate' and how",
            }));
  EXPECT_EQ(diagnostics.size(), 16u);
}

TEST(LoaderDiagnostics, ProblemsInSeveralFilesAreAllReported) {
  const auto diagnostics = minimal_with([](Dataset& d) {
    d.replace("nodes.csv", "Aa|A a,CN,", "Aa|A a,XX,");
    d.replace("links.csv", "electric,130,", "electric,-1,");
    d.replace("crossings.csv", "24/7,Mo-Fr", "24/8,Mo-Fr");
    d.replace("modes.csv", "road,50,", "road,0,");
    d["parameters.csv"] += "payload_t_per_teu,11,t,test\n";
  });
  ASSERT_EQ(diagnostics.size(), 5u) << ::testing::PrintToString(diagnostics);
  EXPECT_EQ(diagnostics[0], "nodes.csv:2: column 'country': 'XX' is not an ISO 3166-1 alpha-2 country code");
  EXPECT_EQ(diagnostics[1].rfind("crossings.csv:2: column 'hours_a': malformed opening hours '24/8': ", 0), 0u);
  EXPECT_EQ(diagnostics[2], "links.csv:2: column 'distance_km': -1 km: a distance must be positive");
  EXPECT_EQ(diagnostics[3], "modes.csv:4: column 'speed_kmh': 0 is out of range [1, 1000]");
  EXPECT_EQ(diagnostics[4], "parameters.csv:3: column 'name': duplicate parameter 'payload_t_per_teu'");
}

// ---- the bundled data ----

TEST(BundledData, LoadsCleanWithPinnedCounts) {
  const auto result = load_network(kBundled);
  ASSERT_TRUE(result.network) << result.diagnostics.to_string();
  EXPECT_TRUE(result.diagnostics.empty());
  const auto stats = network_stats(*result.network);
  EXPECT_EQ(stats.nodes, 461u);
  EXPECT_EQ(stats.links, 842u);
  EXPECT_EQ(stats.crossings, 124u);
  EXPECT_EQ(stats.services, 106u);
  EXPECT_EQ(stats.time_zones, 64u);
  // indexes agree with the tables
  const auto& net = *result.network;
  EXPECT_EQ(net.node_by_id.size(), net.nodes.size());
  EXPECT_EQ(net.link_by_id.size(), net.links.size());
  EXPECT_EQ(net.arcs.size(), 2 * net.links.size());
  for (const auto c : net.crossings.indices()) EXPECT_TRUE(net.crossings[c].link.valid()) << net.crossings[c].id;
}

TEST(BundledData, CopyLoadsClean) {
  Dataset d;
  Dataset::copy_bundled(d);
  const auto result = d.load();
  EXPECT_TRUE(result.network) << result.diagnostics.to_string();
}

// ---- robustness: no crash, no hang, always a report ----

TEST(LoaderRobustness, EveryPrefixOfNodesParses) {
  const std::string text = read_text(kBundled + "/nodes.csv");
  ASSERT_GT(text.size(), 1000u);
  for (std::size_t cut = 0; cut <= text.size(); cut += (cut < 2000 ? 1 : 13)) {
    Diagnostics diagnostics;
    const auto table = parse_csv(std::string_view(text).substr(0, cut), "nodes.csv", diagnostics);
    for (const auto& record : table.records) {
      ASSERT_EQ(record.fields.size(), table.header.size());
    }
    if (cut == 0) {
      EXPECT_FALSE(diagnostics.empty());
    }
  }
}

TEST(LoaderRobustness, TruncatedNodesFileIsReported) {
  Dataset d;
  Dataset::copy_bundled(d);
  const std::string full = d["nodes.csv"];
  std::vector<std::size_t> cuts = {0, 1, 2, 50, full.find('\n'), full.find('\n') + 1};
  for (int i = 1; i < 40; ++i) cuts.push_back(full.size() * i / 40);
  for (const auto cut : cuts) {
    d["nodes.csv"] = full.substr(0, cut);
    const auto result = d.load();
    EXPECT_FALSE(result.network) << "cut at " << cut;
    EXPECT_FALSE(result.diagnostics.empty()) << "cut at " << cut;
  }
  // A cut inside the last field of the last row leaves a complete row: CSV cannot tell, so that
  // one loads (with a shortened source); it must not crash either.
  d["nodes.csv"] = full.substr(0, full.size() - 20);
  EXPECT_TRUE(d.load().network);
  d["nodes.csv"] = full;
  EXPECT_TRUE(d.load().network);
}

TEST(LoaderRobustness, BinaryGarbage) {
  std::mt19937_64 random(20261123);
  for (const char* file : {"nodes.csv", "links.csv", "crossings.csv", "services.csv", "holidays.csv"}) {
    for (int round = 0; round < 4; ++round) {
      Dataset d;
      Dataset::copy_bundled(d);
      std::string garbage(1000 + round * 10000, '\0');
      for (auto& c : garbage) c = static_cast<char>(random());
      if (round % 2 == 0)  // without NUL bytes, so the parser has to go all the way through
        std::replace(garbage.begin(), garbage.end(), '\0', '\x01');
      if (round == 3) garbage = d[file] + garbage;  // garbage after good rows
      d[file] = garbage;
      const auto result = d.load();
      EXPECT_FALSE(result.network) << file << " round " << round;
      EXPECT_FALSE(result.diagnostics.empty()) << file << " round " << round;
    }
  }
  Dataset d;
  Dataset::minimal(d);
  d["nodes.csv"] = std::string(4096, '\0');
  const auto diagnostics = messages(d.load());
  ASSERT_FALSE(diagnostics.empty());
  EXPECT_EQ(diagnostics[0], "nodes.csv:1: binary data (NUL byte) in a text file");
}

TEST(LoaderRobustness, HugeSingleLine) {
  Dataset d;
  Dataset::minimal(d);
  d["holidays.csv"] = std::string(50u << 20, 'x');  // 50 MB, no line break, no comma
  const auto result = d.load();
  EXPECT_FALSE(result.network);
  const auto diagnostics = messages(result);
  ASSERT_EQ(diagnostics.size(), 5u);
  EXPECT_EQ(diagnostics[0], "holidays.csv:1: column 'country': required column is missing");
  EXPECT_EQ(diagnostics[4].size(), 50u * 1024 * 1024 + std::string("holidays.csv:1: column '': unknown column (see docs/data-format.md)").size());
}

TEST(LoaderRobustness, MillionJunkRows) {
  Dataset d;
  Dataset::minimal(d);
  std::string junk;
  junk.reserve(12u << 20);
  junk = d["parameters.csv"];
  for (int i = 0; i < 1'000'000; ++i) junk += "junk row\n";
  d["parameters.csv"] = junk;
  const auto result = d.load();
  EXPECT_FALSE(result.network);
  ASSERT_EQ(result.diagnostics.size(), 1'000'000u);
  EXPECT_EQ(result.diagnostics.items().front().to_string(), "parameters.csv:3: has 1 fields, the header has 4");
  EXPECT_EQ(result.diagnostics.items().back().to_string(), "parameters.csv:1000002: has 1 fields, the header has 4");
}

TEST(LoaderRobustness, MillionBadNodeRows) {
  Dataset d;
  Dataset::minimal(d);
  std::string text = d["nodes.csv"];
  for (int i = 0; i < 1'000'000; ++i) text += "KZ_X" + std::to_string(i) + ",X,,KZ,44,81,city,,Asia/Almaty,,,,\n";
  d["nodes.csv"] = text;
  const auto result = d.load();
  EXPECT_FALSE(result.network);
  ASSERT_EQ(result.diagnostics.size(), 1'000'000u);
  EXPECT_EQ(result.diagnostics.items().back().to_string(),
            "nodes.csv:1000005: column 'source': missing source: name a URL or document, or say 'estimate' and how");
}

TEST(LoaderRobustness, MissingDirectory) {
  const auto result = load_network("/nonexistent/caravan/corridors");
  EXPECT_FALSE(result.network);
  EXPECT_EQ(messages(result), (Strings{"/nonexistent/caravan/corridors: is not a directory"}));
}

}  // namespace
}  // namespace caravan

namespace caravan {
namespace {

// A links.csv of several MiB is checked in chunks on all cores; its diagnostics still come in
// file order, with the same lines and texts, including a duplicate whose first definition lies in
// another chunk.
TEST(LoaderRobustness, LargeLinksTableKeepsFileOrderAcrossChunks) {
  Dataset d;
  Dataset::minimal(d);
  auto& links = d["links.csv"];
  for (int k = 0; k < 70000; ++k) {
    const std::string to = k == 3 ? "CN_ZZZ" : "CN_BBB";
    const std::string id = k == 60000 ? "rail:CN_AAA:CN_BBB:p5" : "rail:CN_AAA:" + to + ":p" + std::to_string(k);
    links += id + ",CN_AAA," + to + ",rail,1435,electric," + (k == 65000 ? "-1" : "130") +
             ",false,operational,,,,,,,,test\n";
  }
  ASSERT_GT(links.size(), std::size_t{5} << 20);
  const auto result = d.load();
  EXPECT_EQ(result.network, nullptr);
  const int p5 = d.line_of("links.csv", "rail:CN_AAA:CN_BBB:p5,");
  EXPECT_EQ(messages(result),
            (Strings{fmt::format("links.csv:{}: column 'to': unknown node 'CN_ZZZ'", d.line_of("links.csv", ":p3,")),
                     fmt::format("links.csv:{}: column 'id': duplicate id 'rail:CN_AAA:CN_BBB:p5' (first defined at line {})",
                                 d.line_of("links.csv", ":p59999,") + 1, p5),
                     fmt::format("links.csv:{}: column 'distance_km': -1 km: a distance must be positive",
                                 d.line_of("links.csv", ":p65000,"))}));
}

}  // namespace
}  // namespace caravan

namespace caravan {
namespace {

// tariffs.csv, container-ratios.csv and currencies.csv: each kind of bad row, one exact message.
TEST(LoaderDiagnostics, PriceTables) {
  const std::string header = "applies_to,id,charge,container,per,usd,valid_from,valid_to,source\n";
  auto tariffs = [&](const std::string& rows) {
    return minimal_with([&](Dataset& d) { d["tariffs.csv"] = header + rows; });
  };
  EXPECT_EQ(tariffs("service,aaa-ddd,freight,40ft,container,900,,2025-12-31,test\n"
                    "service,aaa-ddd,freight,40ft,container,950,2026-01-01,,test\n"
                    "mode,rail,freight,any,container_km,0.3,,,test\n"
                    "crossing,bbb-ccc,border_fees,any,wagon,120,,,test\n"),
            Strings{});
  EXPECT_EQ(tariffs("service,zzz,freight,40ft,container,900,,,test\n"),
            (Strings{"tariffs.csv:2: column 'id': unknown service 'zzz'"}));
  EXPECT_EQ(tariffs("mode,air,freight,40ft,container,900,,,test\n"),
            (Strings{"tariffs.csv:2: column 'id': 'air' is not a mode (rail, road, ferry, sea) or a profile of modes.csv"}));
  EXPECT_EQ(tariffs("service,aaa-ddd,fuel,40ft,container,900,,,test\n"),
            (Strings{"tariffs.csv:2: column 'charge': 'fuel' is not one of freight, border_fees, handling, transshipment, storage, documents"}));
  EXPECT_EQ(tariffs("service,aaa-ddd,freight,40ft,container_km,0.5,,,test\n"),
            (Strings{"tariffs.csv:2: column 'per': 'container_km' prices by distance: only the freight of a mode or a link has one"}));
  EXPECT_EQ(tariffs("service,aaa-ddd,freight,53ft,container,900,,,test\n"),
            (Strings{"tariffs.csv:2: column 'container': '53ft' is not one of 20ft, 40ft, 45ft, any"}));
  EXPECT_EQ(tariffs("service,aaa-ddd,freight,40ft,container,-5,,,test\n"),
            (Strings{"tariffs.csv:2: column 'usd': -5 is out of range [0, 10000000]"}));
  EXPECT_EQ(tariffs("service,aaa-ddd,freight,40ft,container,900,2025-02-30,,test\n"),
            (Strings{"tariffs.csv:2: column 'valid_from': '2025-02-30' is not a date YYYY-MM-DD"}));
  EXPECT_EQ(tariffs("service,aaa-ddd,freight,40ft,container,900,2025-03-01,2025-02-01,test\n"),
            (Strings{"tariffs.csv:2: column 'valid_to': 2025-02-01 is before valid_from 2025-03-01"}));
  EXPECT_EQ(tariffs("service,aaa-ddd,freight,40ft,container,900,,2025-12-31,test\n"
                    "service,aaa-ddd,freight,40ft,container,950,2025-06-01,,test\n"),
            (Strings{"tariffs.csv:3: column 'valid_from': period 2025-06-01.. overlaps ..2025-12-31 of line 2 for the same "
                     "element, charge and container"}));
  EXPECT_EQ(tariffs("service,aaa-ddd,freight,40ft,container,900,,,\n"), (Strings{"tariffs.csv:2: column 'source': missing source: name a URL or document, or say 'estimate' and how"}));

  EXPECT_EQ(minimal_with([](Dataset& d) {
              d["container-ratios.csv"] = "mode,charge,ratio_20ft,ratio_45ft,source\nrail,freight,0.6,1.1,test\nrail,freight,0.5,1,test\n";
            }),
            (Strings{"container-ratios.csv:3: column 'charge': duplicate ratio for rail freight (first defined at line 2)"}));
  EXPECT_EQ(minimal_with([](Dataset& d) {
              d["currencies.csv"] = "currency,units_per_usd,valid_from,valid_to,source\nEUR,0.9,,2025-12-31,test\n"
                                    "EUR,0.85,2025-12-01,,test\neuro,1,,,test\n";
            }),
            (Strings{"currencies.csv:3: column 'valid_from': period 2025-12-01.. of EUR overlaps ..2025-12-31 of line 2",
                     "currencies.csv:4: column 'currency': 'euro' is not an ISO 4217 code (three capital letters)"}));
}

// The bundled price tables load clean and every price the bundled data quotes for a container
// size can be priced for the others (each 40 ft-only row has a container ratio for its mode).
TEST(Loader, BundledPriceTablesAreComplete) {
  const auto result = load_network(kBundled);
  ASSERT_TRUE(result.network) << result.diagnostics.to_string();
  const Network& net = *result.network;
  EXPECT_GE(net.tariffs.size(), 150u);
  EXPECT_EQ(net.currencies.size(), 77u);
  for (const auto& t : net.tariffs) {
    if (!t.container) continue;
    Mode mode = Mode::rail;
    switch (t.applies_to) {
      case TariffTarget::mode: mode = profile_mode(static_cast<Profile>(t.index)); break;
      case TariffTarget::service: mode = net.services[ServiceIdx{t.index}].mode; break;
      case TariffTarget::link: mode = net.links[LinkIdx{t.index}].mode; break;
      case TariffTarget::crossing: mode = net.crossings[CrossingIdx{t.index}].mode; break;
      case TariffTarget::node: break;
    }
    EXPECT_TRUE(net.container_ratios[static_cast<std::size_t>(mode)][static_cast<std::size_t>(t.charge)].present)
        << "tariffs.csv:" << t.line;
    EXPECT_FALSE(t.source.empty()) << "tariffs.csv:" << t.line;
  }
}

}  // namespace
}  // namespace caravan
