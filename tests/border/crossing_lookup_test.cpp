// The crossing a planner names for a simulation: whole names through the request layer's place
// resolver; a part of a name, a misspelling or a place with two crossings of the mode is an error
// that lists the crossings it may mean, never a guess.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "border/crossing_lookup.hpp"
#include "network/network.hpp"

namespace caravan::border {
namespace {

class CrossingLookup : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = load_network(default_data_dir() + "/corridors");
    ASSERT_TRUE(loaded.network) << loaded.diagnostics.to_string();
    net_ = loaded.network;
    places_ = std::make_unique<PlaceIndex>(*net_);
  }
  static std::string found(const std::string& text, Mode mode) {
    return net_->crossings[find_crossing(*net_, *places_, text, mode)].id;
  }
  static ModelError refused(const std::string& text, Mode mode) {
    try {
      find_crossing(*net_, *places_, text, mode);
    } catch (const ModelError& e) {
      return e;
    }
    ADD_FAILURE() << text << " was found";
    return ModelError("", "");
  }
  static inline std::shared_ptr<const Network> net_;
  static inline std::unique_ptr<PlaceIndex> places_;
};

TEST_F(CrossingLookup, WholeNamesOfTheCrossingOrOfASide) {
  EXPECT_EQ(found("khorgos-nurzholy", Mode::road), "khorgos-nurzholy");    // id
  EXPECT_EQ(found("Khorgos-Nur Zholy (road)", Mode::road), "khorgos-nurzholy");  // name
  EXPECT_EQ(found("Khorgos road", Mode::road), "khorgos-nurzholy");        // alias
  EXPECT_EQ(found("Horgos", Mode::road), "khorgos-nurzholy");              // a side's alias: the road crossing there
  EXPECT_EQ(found("Horgos", Mode::rail), "khorgos-altynkol");              // … and the rail one
  EXPECT_EQ(found("Nurzholy", Mode::road), "khorgos-nurzholy");
  EXPECT_EQ(found("kuty-breclav", Mode::rail), "kuty-breclav");
}

TEST_F(CrossingLookup, APartOfANameIsAnErrorWithSuggestions) {
  const auto e = refused("Khorgos", Mode::road);
  EXPECT_EQ(e.field, "crossing");
  EXPECT_STREQ(e.what(), "unknown road crossing 'Khorgos'; did you mean: khorgos-nurzholy (road), khorgos-altynkol (rail)");
  EXPECT_EQ(e.candidates, (std::vector<std::string>{"khorgos-nurzholy (road)", "khorgos-altynkol (rail)"}));
  // A misspelt ending is suggested by its first five letters.
  EXPECT_EQ(refused("Khorgoz", Mode::rail).candidates,
            (std::vector<std::string>{"khorgos-altynkol (rail)", "khorgos-nurzholy (road)"}));
  // A whole name of the other mode is suggested first.
  EXPECT_STREQ(refused("Nurzholy", Mode::rail).what(), "unknown rail crossing 'Nurzholy'; did you mean: khorgos-nurzholy (road)");
  EXPECT_STREQ(refused("nowhere-at-all", Mode::road).what(), "unknown road crossing 'nowhere-at-all'");
  EXPECT_TRUE(refused("nowhere-at-all", Mode::road).candidates.empty());
  EXPECT_STREQ(refused("  ", Mode::road).what(), "a crossing is needed (id, name or a side's place name)");
}

TEST_F(CrossingLookup, APlaceWithTwoCrossingsOfTheModeIsAmbiguous) {
  const auto e = refused("Breclav", Mode::rail);
  EXPECT_STREQ(e.what(), "'Breclav' is ambiguous: kuty-breclav (rail), breclav-hohenau (rail)");
  EXPECT_EQ(e.candidates, (std::vector<std::string>{"kuty-breclav (rail)", "breclav-hohenau (rail)"}));
}

}  // namespace
}  // namespace caravan::border
