#include "core/timezone.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace caravan {
namespace {

TimePoint at(const char* iso) { return *parse_iso8601(iso); }

TimeZone zone(const char* name) {
  std::string error;
  auto z = TimeZone::load(name, &error);
  EXPECT_TRUE(z) << name << ": " << error;
  return z ? *z : *TimeZone::from_posix("UTC0");
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string zoneinfo_dir() {
  const char* dir = std::getenv("TZDIR");
  return dir && *dir ? dir : "/usr/share/zoneinfo";
}

// glibc as the oracle: TZ is set once per zone, then localtime_r gives tm_gmtoff in seconds.
class Glibc {
 public:
  explicit Glibc(const std::string& tz) {
    if (const char* old = std::getenv("TZ")) saved_ = old;
    setenv("TZ", tz.c_str(), 1);
    tzset();
  }
  ~Glibc() {
    if (saved_) setenv("TZ", saved_->c_str(), 1);
    else unsetenv("TZ");
    tzset();
  }
  long offset_seconds(TimePoint t) const {
    const std::time_t s = static_cast<std::time_t>(t.minutes * 60);
    std::tm tm{};
    localtime_r(&s, &tm);
    return tm.tm_gmtoff;
  }

 private:
  std::optional<std::string> saved_;
};

// Compares offsets with glibc every 7 h 13 min over 1990..2045, and one minute either side of
// every transition we report (so a transition at the wrong minute shows up too).
void expect_matches_glibc(const TimeZone& z, const std::string& glibc_tz) {
  const Glibc glibc(glibc_tz);
  const TimePoint begin = at("1990-01-01T00:00Z");
  const TimePoint end = at("2046-01-01T00:00Z");
  int mismatches = 0;
  auto check = [&](TimePoint t) {
    if (mismatches > 5) return;
    const long expected = glibc.offset_seconds(t);
    if (z.offset_minutes(t) * 60L != expected) {
      ++mismatches;
      ADD_FAILURE() << glibc_tz << " at " << format_utc(t) << ": ours " << z.offset_minutes(t) << " min, glibc "
                    << expected / 60 << " min";
    }
  };
  for (TimePoint t = begin; t < end; t += Duration{7 * 60 + 13}) check(t);
  for (auto t = z.next_transition(begin); t && *t < end; t = z.next_transition(*t)) {
    check(*t - Duration{1});
    check(*t);
  }
}

TEST(TimeZone, KnownOffsets) {
  EXPECT_EQ(zone("Asia/Almaty").offset_minutes(at("2026-07-01T12:00Z")), 300);
  // Kazakhstan moved Almaty from UTC+6 to UTC+5 on 2024-03-01.
  EXPECT_EQ(zone("Asia/Almaty").offset_minutes(at("2024-02-29T12:00Z")), 360);
  EXPECT_EQ(zone("Asia/Shanghai").offset_minutes(at("2026-07-01T12:00Z")), 480);
  EXPECT_EQ(zone("Europe/Amsterdam").offset_minutes(at("2026-07-01T12:00Z")), 120);
  EXPECT_EQ(zone("Europe/Amsterdam").offset_minutes(at("2027-01-15T12:00Z")), 60);
  EXPECT_EQ(zone("Asia/Tehran").offset_minutes(at("2026-07-01T12:00Z")), 210);
  EXPECT_EQ(zone("Australia/Lord_Howe").offset_minutes(at("2027-01-15T12:00Z")), 660);
  EXPECT_EQ(zone("Australia/Lord_Howe").offset_minutes(at("2026-07-01T12:00Z")), 630);
  EXPECT_EQ(zone("Asia/Almaty").name(), "Asia/Almaty");
}

TEST(TimeZone, ExactTransitions) {
  const TimeZone almaty = zone("Asia/Almaty");
  // 2024-03-01 00:00 +06 became 2024-02-29 23:00 +05.
  EXPECT_EQ(almaty.next_transition(at("2024-01-01T00:00Z")), at("2024-02-29T18:00Z"));
  EXPECT_EQ(almaty.offset_minutes(at("2024-02-29T17:59Z")), 360);
  EXPECT_EQ(almaty.offset_minutes(at("2024-02-29T18:00Z")), 300);
  EXPECT_EQ(almaty.offset_minutes(at("2045-06-01T00:00Z")), 300);

  const TimeZone berlin = zone("Europe/Berlin");
  EXPECT_EQ(berlin.next_transition(at("2026-01-01T00:00Z")), at("2026-03-29T01:00Z"));
  EXPECT_EQ(berlin.next_transition(at("2026-03-29T01:00Z")), at("2026-10-25T01:00Z"));
  EXPECT_EQ(berlin.offset_minutes(at("2026-03-29T00:59Z")), 60);
  EXPECT_EQ(berlin.offset_minutes(at("2026-03-29T01:00Z")), 120);
  EXPECT_EQ(berlin.offset_minutes(at("2026-10-25T00:59Z")), 120);
  EXPECT_EQ(berlin.offset_minutes(at("2026-10-25T01:00Z")), 60);
  EXPECT_EQ(zone("Asia/Shanghai").next_transition(at("2000-01-01T00:00Z")), std::nullopt);
}

TEST(TimeZone, MatchesGlibc) {
  for (const char* name : {"Asia/Almaty", "Asia/Shanghai", "Asia/Tashkent", "Asia/Aqtau", "Asia/Baku",
                           "Europe/Amsterdam", "Europe/Berlin", "Europe/Istanbul", "Asia/Tehran", "America/New_York",
                           "Australia/Lord_Howe", "Asia/Bishkek", "Asia/Karachi", "America/Nuuk", "Asia/Jerusalem"}) {
    SCOPED_TRACE(name);
    expect_matches_glibc(zone(name), std::string(":") + name);
  }
}

TEST(TimeZone, PosixRulesMatchGlibc) {
  for (const char* tz : {
           "CET-1CEST,M3.5.0,M10.5.0/3",
           "EST5EDT,M3.2.0,M11.1.0",
           "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0",    // Lord Howe: half-hour DST, southern hemisphere
           "IST-2IDT,M3.4.4/26,M10.5.0",               // Israel: a time past 24:00
           "<-02>2<-01>,M3.5.0/-1,M10.5.0/0",          // Nuuk: a negative time
           "AAA3BBB,J60/2,J300/2",                     // Jn: Feb 29 never counted
           "AAA-3BBB,59/2,300/3",                      // n: zero-based, Feb 29 counted
           "NZST-12NZDT,M9.5.0,M4.1.0/3",
           "<+05>-5",
           "XXX-5:30",
       }) {
    SCOPED_TRACE(tz);
    std::string error;
    const auto z = TimeZone::from_posix(tz, &error);
    ASSERT_TRUE(z) << error;
    expect_matches_glibc(*z, tz);
  }
}

TEST(TimeZone, PosixRuleDetails) {
  const auto nuuk = TimeZone::from_posix("<-02>2<-01>,M3.5.0/-1,M10.5.0/0");
  ASSERT_TRUE(nuuk);
  // The last Sunday of March 2026 is the 29th; -1:00 that day in -02 is 2026-03-29T01:00Z.
  EXPECT_EQ(nuuk->next_transition(at("2026-01-01T00:00Z")), at("2026-03-29T01:00Z"));
  EXPECT_EQ(nuuk->offset_minutes(at("2026-07-01T00:00Z")), -60);
  const auto julian = TimeZone::from_posix("AAA3BBB,J60/2,J300/2");
  ASSERT_TRUE(julian);
  // J60 is March 1 even in a leap year: 02:00 at -03 is 05:00Z.
  EXPECT_EQ(julian->next_transition(at("2028-01-01T00:00Z")), at("2028-03-01T05:00Z"));
  const auto zero_based = TimeZone::from_posix("AAA3BBB,59/2,300/2");
  ASSERT_TRUE(zero_based);
  EXPECT_EQ(zero_based->next_transition(at("2028-01-01T00:00Z")), at("2028-02-29T05:00Z"));
  // DST all year (the RFC 8536 example). glibc looks only at the current UTC year and so reads
  // the first hours of each year as EST; the RFC intends EDT throughout.
  const auto always_dst = TimeZone::from_posix("EST5EDT,0/0,J365/25");
  ASSERT_TRUE(always_dst);
  for (const char* t : {"2026-01-01T00:00Z", "2026-01-01T05:00Z", "2026-07-01T00:00Z", "2026-12-31T23:59Z"})
    EXPECT_EQ(always_dst->offset_minutes(at(t)), -240) << t;
  const auto plain = TimeZone::from_posix("<+05>-5");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->offset_minutes(at("2026-07-01T00:00Z")), 300);
  EXPECT_EQ(plain->next_transition(at("2026-07-01T00:00Z")), std::nullopt);
  // A DST name without dates takes the US rules, as glibc does.
  const auto us = TimeZone::from_posix("EST5EDT");
  ASSERT_TRUE(us);
  EXPECT_EQ(us->next_transition(at("2026-01-01T00:00Z")), at("2026-03-08T07:00Z"));
}

TEST(TimeZone, RejectsBadPosixStrings) {
  for (const char* tz : {"", "A5", "CET", "CET-1CEST,", "CET-1CEST,M13.5.0,M10.5.0", "CET-1CEST,M3.6.0,M10.5.0",
                         "CET-1CEST,M3.5.7,M10.5.0", "CET-1CEST,M3.5.0", "CET-1CEST,J0,J100", "CET-1CEST,366,1",
                         "CET-25", "CET-1CEST,M3.5.0/168,M10.5.0", "<+05-5", "<+5>-5", "CET-1:60", "CET-1 "}) {
    std::string error;
    EXPECT_FALSE(TimeZone::from_posix(tz, &error)) << tz;
    EXPECT_EQ(error.rfind("bad TZ string '" + std::string(tz) + "': ", 0), 0u) << error;
  }
}

TEST(TimeZone, ToUtc) {
  const TimeZone almaty = zone("Asia/Almaty");
  const auto local = [](const char* iso) { return at(iso).minutes; };  // wall clock read as if UTC
  EXPECT_EQ(almaty.to_utc(local("2026-07-01T17:00")), at("2026-07-01T12:00Z"));
  const TimeZone berlin = zone("Europe/Berlin");
  EXPECT_EQ(berlin.to_utc(local("2026-01-15T12:00")), at("2026-01-15T11:00Z"));
  EXPECT_EQ(berlin.to_utc(local("2026-07-15T12:00")), at("2026-07-15T10:00Z"));
  // Gap: 02:30 does not exist on 2026-03-29; read with the offset before the gap (+01:00).
  EXPECT_EQ(berlin.to_utc(local("2026-03-29T02:30")), at("2026-03-29T01:30Z"));
  EXPECT_EQ(berlin.to_utc(local("2026-03-29T02:00")), at("2026-03-29T01:00Z"));
  EXPECT_EQ(berlin.to_utc(local("2026-03-29T03:00")), at("2026-03-29T01:00Z"));
  // Overlap: 02:30 happens twice on 2026-10-25; the earlier (CEST) instant wins.
  EXPECT_EQ(berlin.to_utc(local("2026-10-25T02:30")), at("2026-10-25T00:30Z"));
  EXPECT_EQ(berlin.to_utc(local("2026-10-25T03:00")), at("2026-10-25T02:00Z"));
  // Almaty's 2024 change repeated the hour 23:00-24:00 of Feb 29.
  EXPECT_EQ(almaty.to_utc(local("2024-02-29T23:30")), at("2024-02-29T17:30Z"));
  EXPECT_EQ(almaty.to_utc(local("2024-03-01T00:00")), at("2024-02-29T19:00Z"));
  // Lord Howe's half-hour gap: 02:00 → 02:30 on 2026-10-04.
  const TimeZone lord_howe = zone("Australia/Lord_Howe");
  EXPECT_EQ(lord_howe.to_utc(local("2026-10-04T02:15")), at("2026-10-03T15:45Z"));
}

TEST(TimeZone, ToUtcRoundTrips) {
  for (const char* name : {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Almaty", "Asia/Tehran"}) {
    const TimeZone z = zone(name);
    for (TimePoint t = at("1990-01-01T00:00Z"); t < at("2046-01-01T00:00Z"); t += Duration{11 * 60 + 17}) {
      const std::int64_t local = t.minutes + z.offset_minutes(t);
      const TimePoint u = z.to_utc(local);
      // The same wall time, at this instant or (in an overlap) an earlier one.
      ASSERT_EQ(u.minutes + z.offset_minutes(u), local) << name << " " << format_utc(t);
      ASSERT_LE(u, t) << name << " " << format_utc(t);
      ASSERT_GE(u, t - Duration{60}) << name << " " << format_utc(t);
    }
  }
}

TEST(TimeZone, RejectsBadNames) {
  for (const char* name : {"", "../etc/passwd", "/etc/localtime", "Asia/../Asia/Almaty", "Asia/Almaty\n", "Asia/ Almaty"}) {
    std::string error;
    EXPECT_FALSE(TimeZone::load(name, &error)) << name;
    EXPECT_EQ(error, "invalid IANA time zone name '" + std::string(name) + "'");
  }
  for (const char* name : {"Mars/Olympus_Mons", "Asia", "Asia/"}) {
    std::string error;
    EXPECT_FALSE(TimeZone::load(name, &error)) << name;
    EXPECT_EQ(error, "unknown IANA time zone '" + std::string(name) + "'");
  }
}

TEST(TimeZone, ReadsTzdir) {
  const auto dir = std::filesystem::temp_directory_path() / "caravan_tzdir_test";
  std::filesystem::create_directories(dir / "Test");
  {
    std::ofstream out(dir / "Test" / "Zone", std::ios::binary);
    out << read_file(zoneinfo_dir() + "/Asia/Tashkent");
  }
  const char* old = std::getenv("TZDIR");
  const std::optional<std::string> saved = old ? std::optional<std::string>(old) : std::nullopt;
  setenv("TZDIR", dir.c_str(), 1);
  std::string error;
  const auto z = TimeZone::load("Test/Zone", &error);
  const auto missing = TimeZone::load("Asia/Almaty", &error);
  if (saved) setenv("TZDIR", saved->c_str(), 1);
  else unsetenv("TZDIR");
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(z);
  EXPECT_EQ(z->name(), "Test/Zone");
  EXPECT_EQ(z->offset_minutes(at("2026-07-01T00:00Z")), 300);
  EXPECT_FALSE(missing);
  EXPECT_EQ(error, "unknown IANA time zone 'Asia/Almaty'");
}

// ---- hand-made and damaged TZif data ----

void put32(std::string& out, std::int64_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
}
void put64(std::string& out, std::int64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
}

struct TzifSpec {
  char version = '2';
  std::vector<std::int64_t> times;
  std::vector<int> types;            // per transition
  std::vector<std::int32_t> offsets; // per local time type
  std::string footer;
};

std::string make_tzif(const TzifSpec& spec) {
  auto block = [&](bool wide) {
    std::string out = "TZif";
    out += spec.version;
    out += std::string(15, '\0');
    for (std::size_t n : {spec.offsets.size(), spec.offsets.size(), std::size_t{0}, spec.times.size(),
                          spec.offsets.size(), std::size_t{4}})
      put32(out, static_cast<std::int64_t>(n));
    for (auto t : spec.times) wide ? put64(out, t) : put32(out, t);
    for (int type : spec.types) out += static_cast<char>(type);
    for (auto off : spec.offsets) {
      put32(out, off);
      out += '\0';
      out += '\0';
    }
    out += std::string("XXX", 4);
    out += std::string(2 * spec.offsets.size(), '\0');
    return out;
  };
  if (spec.version == '\0') return block(false);
  return block(false) + block(true) + "\n" + spec.footer + "\n";
}

TEST(TimeZone, HandMadeTzif) {
  TzifSpec spec;
  spec.times = {0, 3600 * 24 * 365};
  spec.types = {1, 0};
  spec.offsets = {3600, 7200};
  spec.footer = "AAA-3";
  std::string error;
  auto z = TimeZone::from_tzif("Hand/Made", make_tzif(spec), &error);
  ASSERT_TRUE(z) << error;
  EXPECT_EQ(z->offset_minutes(TimePoint{-1}), 60);   // before the first transition: type 0
  EXPECT_EQ(z->offset_minutes(TimePoint{0}), 120);
  EXPECT_EQ(z->offset_minutes(TimePoint{365 * 1440 - 1}), 120);
  EXPECT_EQ(z->offset_minutes(TimePoint{365 * 1440}), 180);  // the footer takes over
  EXPECT_EQ(z->next_transition(TimePoint{0}), TimePoint{365 * 1440});

  spec.version = '\0';  // version 1: 32-bit times, no footer
  z = TimeZone::from_tzif("Hand/Made", make_tzif(spec), &error);
  ASSERT_TRUE(z) << error;
  EXPECT_EQ(z->offset_minutes(TimePoint{365 * 1440}), 60);

  spec.version = '3';
  spec.footer = "";  // empty footer: the last type stays
  z = TimeZone::from_tzif("Hand/Made", make_tzif(spec), &error);
  ASSERT_TRUE(z) << error;
  EXPECT_EQ(z->offset_minutes(TimePoint{400 * 1440}), 60);

  // A transition in the middle of a minute shows from the next whole minute.
  spec.times = {90};
  spec.types = {1};
  z = TimeZone::from_tzif("Hand/Made", make_tzif(spec), &error);
  ASSERT_TRUE(z) << error;
  EXPECT_EQ(z->offset_minutes(TimePoint{1}), 60);
  EXPECT_EQ(z->offset_minutes(TimePoint{2}), 120);
  EXPECT_EQ(z->next_transition(TimePoint{0}), TimePoint{2});
  EXPECT_EQ(z->next_transition(TimePoint{1}), TimePoint{2});
}

TEST(TimeZone, RejectsInconsistentTzif) {
  auto reason = [](const TzifSpec& spec) {
    std::string error;
    EXPECT_FALSE(TimeZone::from_tzif("Bad", make_tzif(spec), &error));
    return error;
  };
  TzifSpec spec;
  spec.times = {100, 50};
  spec.types = {0, 0};
  spec.offsets = {0};
  EXPECT_EQ(reason(spec), "TZif transition times are not increasing");
  spec.times = {100};
  spec.types = {1};
  EXPECT_EQ(reason(spec), "TZif transition names an undefined local time type");
  spec.types = {0};
  spec.offsets = {26 * 3600};
  EXPECT_EQ(reason(spec), "bad TZif local time type");
  spec.offsets = {};
  spec.times = {};
  spec.types = {};
  EXPECT_EQ(reason(spec), "inconsistent TZif header counts");
  spec.offsets = {0};
  spec.footer = "CET-1CEST,M3.5.0";
  EXPECT_EQ(reason(spec), "bad TZ string 'CET-1CEST,M3.5.0' in TZif footer: bad daylight saving rule");
  std::string error;
  EXPECT_FALSE(TimeZone::from_tzif("Bad", "TZif2", &error));
  EXPECT_EQ(error, "truncated TZif header");
  EXPECT_FALSE(TimeZone::from_tzif("Bad", std::string(60, 'x'), &error));
  EXPECT_EQ(error, "not a TZif file");
}

TEST(TimeZone, TruncatedFilesFail) {
  for (const char* name : {"Europe/Berlin", "Asia/Almaty"}) {
    const std::string bytes = read_file(zoneinfo_dir() + "/" + name);
    ASSERT_GT(bytes.size(), 100u);
    ASSERT_TRUE(TimeZone::from_tzif(name, bytes));
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      std::string error;
      EXPECT_FALSE(TimeZone::from_tzif(name, std::string_view(bytes).substr(0, n), &error)) << name << " " << n;
      EXPECT_FALSE(error.empty());
    }
  }
}

TEST(TimeZone, GarbageNeverCrashesOrHangs) {
  std::mt19937_64 rng(20260701);
  const std::string berlin = read_file(zoneinfo_dir() + "/Europe/Berlin");
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string bytes;
    if (i % 3 == 0) {  // pure noise
      bytes.resize(rng() % 300);
      for (auto& c : bytes) c = static_cast<char>(rng());
    } else if (i % 3 == 1) {  // a plausible header with random counts
      bytes = "TZif2" + std::string(15, '\0');
      for (int k = 0; k < 6; ++k) put32(bytes, static_cast<std::int64_t>(rng() % (k == 4 ? 4 : 8)));
      const std::size_t tail = rng() % 200;
      for (std::size_t k = 0; k < tail; ++k) bytes += static_cast<char>(rng());
    } else {  // a real file with a few bytes changed
      bytes = berlin;
      for (int k = 0; k < 3; ++k) bytes[rng() % bytes.size()] = static_cast<char>(rng());
    }
    std::string error;
    const auto z = TimeZone::from_tzif("Fuzz", bytes, &error);
    if (!z) {
      EXPECT_FALSE(error.empty());
      continue;
    }
    ++accepted;
    // Whatever was accepted must answer queries at once.
    for (std::int64_t m : {std::int64_t{-100000000}, std::int64_t{0}, at("2026-03-29T01:00Z").minutes,
                           std::int64_t{1} << 40, -(std::int64_t{1} << 40)}) {
      const int offset = z->offset_minutes(TimePoint{m});
      EXPECT_LT(std::abs(offset), 26 * 60);
      (void)z->to_utc(m);
      if (const auto next = z->next_transition(TimePoint{m})) {
        EXPECT_GT(*next, TimePoint{m});
      }
    }
  }
  EXPECT_GT(accepted, 0);
}

}  // namespace
}  // namespace caravan
