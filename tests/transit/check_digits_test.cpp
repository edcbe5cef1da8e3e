#include <gtest/gtest.h>

#include "transit/check_digits.hpp"
#include "transit/reference_data.hpp"

namespace caravan::transit {
namespace {

TEST(Iso6346, KnownContainerNumbers) {
  EXPECT_TRUE(is_valid_iso6346("CSQU3054383"));
  EXPECT_FALSE(is_valid_iso6346("MSCU6639871"));
  EXPECT_EQ(iso6346_check_digit("MSCU663987"), 0);  // so MSCU6639870 is the valid spelling
  EXPECT_TRUE(is_valid_iso6346("MSCU6639870"));
  EXPECT_EQ(iso6346_check_digit("CSQU305438"), 3);
}

TEST(Iso6346, CheckDigitAgainstHandComputation) {
  // TGHU 000000 x: T=31·1 + G=17·2 + H=18·4 + U=32·8 = 31+34+72+256 = 393; 393 mod 11 = 8.
  EXPECT_EQ(iso6346_check_digit("TGHU000000"), 8);
  // A check value of 10 is written 0: find one by brute force and confirm the mapping.
  int tens = 0;
  for (int serial = 0; serial < 200; ++serial) {
    char buf[11];
    std::snprintf(buf, sizeof buf, "ABCU%06d", serial);
    const auto d = iso6346_check_digit(buf);
    ASSERT_TRUE(d.has_value());
    EXPECT_GE(*d, 0);
    EXPECT_LE(*d, 9);
    // Recompute independently: letter values A=10 B=12 C=13 U=32.
    long sum = 10 * 1 + 12 * 2 + 13 * 4 + 32 * 8;
    for (int i = 0; i < 6; ++i) sum += static_cast<long>(buf[4 + i] - '0') << (4 + i);
    EXPECT_EQ(*d, sum % 11 % 10);
    tens += sum % 11 == 10;
  }
  EXPECT_GT(tens, 0);
}

TEST(Iso6346, FormatRules) {
  EXPECT_FALSE(is_iso6346_format("CSQX3054383"));  // category must be U, J or Z
  EXPECT_FALSE(is_iso6346_format("CSQU305438"));   // too short
  EXPECT_FALSE(is_iso6346_format("csqu3054383"));  // capitals only
  EXPECT_TRUE(is_iso6346_format("CSQJ3054383"));
}

TEST(Iso7064, Mod97MatchesIban) {
  // IBAN GB82 WEST 1234 5698 7654 32: rearranged "WEST12345698765432GB" + "82" ≡ 1 (mod 97).
  EXPECT_EQ(iso7064_mod97_check("WEST12345698765432GB"), "82");
  EXPECT_TRUE(is_valid_iso7064_mod97("WEST12345698765432GB82"));
  EXPECT_FALSE(is_valid_iso7064_mod97("WEST12345698765432GB28"));
}

TEST(TransitReference, FormatAndCheckDigits) {
  const std::string ref = make_transit_reference(2026, "KZ", 17);
  ASSERT_EQ(ref.size(), 18u);
  EXPECT_EQ(ref, "26KZ00000000001770");
  EXPECT_EQ(transit_reference_problem(ref), "");
  EXPECT_TRUE(is_valid_iso7064_mod97(ref));
  // Every single-character change of the serial is caught by MOD 97-10.
  for (std::size_t i = 4; i < 18; ++i)
    for (char c = '0'; c <= '9'; ++c) {
      if (c == ref[i]) continue;
      std::string bad = ref;
      bad[i] = c;
      EXPECT_NE(transit_reference_problem(bad), "") << bad;
    }
  EXPECT_NE(transit_reference_problem("26KZ00000000001"), "");
}

TEST(ReferenceData, CountriesCurrenciesOfficesHs6) {
  EXPECT_TRUE(is_iso3166_country("KZ"));
  EXPECT_TRUE(is_iso3166_country("UZ"));
  EXPECT_FALSE(is_iso3166_country("XX"));
  EXPECT_FALSE(is_iso3166_country("kz"));
  EXPECT_TRUE(is_iso4217_currency("EUR"));
  EXPECT_TRUE(is_iso4217_currency("KZT"));
  EXPECT_FALSE(is_iso4217_currency("EUX"));
  EXPECT_TRUE(is_office_code_format("KZALMATY"));
  EXPECT_TRUE(is_office_code_format("UZ000123"));
  EXPECT_FALSE(is_office_code_format("K1ALMATY"));
  EXPECT_FALSE(is_office_code_format("KZALMAT"));
  EXPECT_FALSE(is_office_code_format("KZalmaty"));
  EXPECT_TRUE(is_hs6("870323"));
  EXPECT_FALSE(is_hs6("87032"));
  EXPECT_FALSE(is_hs6("87032A"));
}

}  // namespace
}  // namespace caravan::transit
