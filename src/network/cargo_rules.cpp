#include "network/cargo_rules.hpp"

#include <fmt/format.h>

#include <charconv>

#include "core/text.hpp"
#include "network/network.hpp"
#include "network/row_reader.hpp"

namespace caravan {
namespace {

// "1-9", "3", "1,7" or "2-4,8" → bits; 0 when the text is not such a list.
DangerousClasses parse_classes(std::string_view text) {
  DangerousClasses mask = 0;
  for (const auto& part : split_list(text, ',')) {
    const auto dash = part.find('-');
    const auto number = [](std::string_view s, int& out) {
      const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
      return r.ec == std::errc{} && r.ptr == s.data() + s.size() && out >= 1 && out <= 9;
    };
    int lo = 0, hi = 0;
    if (dash == std::string_view::npos) {
      if (!number(part, lo)) return 0;
      hi = lo;
    } else if (!number(std::string_view(part).substr(0, dash), lo) || !number(std::string_view(part).substr(dash + 1), hi) ||
               hi < lo) {
      return 0;
    }
    for (int c = lo; c <= hi; ++c) mask |= static_cast<DangerousClasses>(1u << c);
  }
  return mask;
}

}  // namespace

std::string cargo_rule_target_id(const Network& net, const CargoRule& rule) {
  switch (rule.applies_to) {
    case TariffTarget::mode: return std::string(kModeNames[rule.index]);
    case TariffTarget::service: return net.services[ServiceIdx{rule.index}].id;
    case TariffTarget::link: return net.links[LinkIdx{rule.index}].id;
    case TariffTarget::crossing: return net.crossings[CrossingIdx{rule.index}].id;
    case TariffTarget::node: return net.nodes[NodeIdx{rule.index}].id;
  }
  return "";
}

void read_cargo_rules(const CsvTable& table, const Network& net, std::vector<CargoRule>& out, Diagnostics& diagnostics) {
  for (const auto& record : table.records) {
    RowReader row(table, record, diagnostics);
    CargoRule r;
    r.line = row.line();
    const auto target = enum_from_name<TariffTarget>(kTariffTargetNames, row.text("applies_to"));
    if (!target) {
      row.error("applies_to", fmt::format("'{}' is not one of mode, service, link, crossing, node", row.text("applies_to")));
      continue;
    }
    r.applies_to = *target;
    const std::string id(row.text("id"));
    auto look_up = [&](const auto& by_id, std::string_view what) {
      const auto it = by_id.find(id);
      if (it == by_id.end()) row.error("id", id.empty() ? std::string("is required") : fmt::format("unknown {} '{}'", what, id));
      else r.index = static_cast<std::uint32_t>(it->second.index());
    };
    switch (r.applies_to) {
      case TariffTarget::mode:
        if (const auto m = enum_from_name<Mode>(kModeNames, id); m && *m != Mode::pipeline) r.index = static_cast<std::uint32_t>(*m);
        else row.error("id", fmt::format("'{}' is not a mode (rail, road, ferry, sea)", id));
        break;
      case TariffTarget::service: look_up(net.service_by_id, "service"); break;
      case TariffTarget::link: look_up(net.link_by_id, "link"); break;
      case TariffTarget::crossing: look_up(net.crossing_by_id, "crossing"); break;
      case TariffTarget::node: look_up(net.node_by_id, "node"); break;
    }
    const auto kind = enum_from_name<CargoRuleKind>(kCargoRuleKindNames, row.text("rule"));
    if (!kind) {
      row.error("rule", fmt::format("'{}' is not one of carries_reefers, forbids_dangerous, dangerous_unknown", row.text("rule")));
    } else {
      r.kind = *kind;
      const auto classes = row.text("classes");
      if (r.kind == CargoRuleKind::carries_reefers) {
        if (!classes.empty()) row.error("classes", "applies to dangerous goods rules only (leave it empty for carries_reefers)");
        if (r.applies_to != TariffTarget::mode && r.applies_to != TariffTarget::service)
          row.error("applies_to", "carries_reefers names a mode or a service");
      } else {
        r.classes = parse_classes(classes);
        if (r.classes == 0)
          row.error("classes", fmt::format("'{}' is not a list of UN classes 1..9 such as 1-9, 3 or 1,7", classes));
      }
    }
    r.restriction = row.required("restriction");
    r.source = row.source();
    if (row.ok()) out.push_back(std::move(r));
  }
}

}  // namespace caravan
