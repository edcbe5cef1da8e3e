// Parcels: what riding an express truck or a flight, and the courier's van to and from an airport,
// cost a consignment charged per kilogram (the FreightCosting methods that only parcels use).
#include <algorithm>
#include <cmath>

#include "routing/costing.hpp"

namespace caravan {

void FreightCosting::init_parcel() {
  // The van's price: the road profile's per-TEU-km cost spread over a TEU's payload, per tonne of
  // the parcel (docs/data-format.md, "Parcels").
  const auto& road = net_.profile(Profile::road);
  parcel_access_usd_per_km_ = road.cost_usd_per_teu_km / net_.parameter("payload_t_per_teu", 10.0) * payload_t_;
  // GLEC: air emissions on the great-circle distance plus a fixed uplift, at a factor by the
  // flight's distance band; the radiative forcing multiplier is the data's stated choice.
  air_uplift_km_ = net_.parameter("air_distance_uplift_km", 95.0);
  air_rf_ = std::max(1.0, net_.parameter("air_radiative_forcing_multiplier", 1.0));
  air_wtw_g_per_tkm_ = {net_.parameter("air_co2e_wtw_g_per_tkm_below_1000km", 1130.0),
                        net_.parameter("air_co2e_wtw_g_per_tkm_1000_3700km", 700.0),
                        net_.profile(Profile::air).co2e_wtw_g_per_tkm};
}

double FreightCosting::service_chargeable_kg(ServiceIdx si) const {
  return query_.cargo.chargeable_kg(net_.services[si].divisor_cm3_per_kg);
}

double FreightCosting::parcel_access_usd(const Link& link) const { return parcel_access_usd_per_km_ * link.distance_km; }

void FreightCosting::add_air_emissions(Step& step, double great_circle_km) const {
  const std::size_t band = great_circle_km < 1000 ? 0 : great_circle_km <= 3700 ? 1 : 2;
  const double tkm = payload_t_ * (great_circle_km + air_uplift_km_);
  step.co2e_wtw_kg += air_wtw_g_per_tkm_[band] * air_rf_ * tkm / 1000.0;
  step.co2e_ttw_kg += net_.profile(Profile::air).co2e_ttw_g_per_tkm * air_rf_ * tkm / 1000.0;
}

Step FreightCosting::traverse_parcel(NodeIdx at, TimePoint t, const Arc& arc) const {
  (void)at;
  Step s;
  if (!link_allowed_[arc.link.index()]) return s;
  const Link& link = net_.links[arc.link];
  s.ready = s.depart = t;
  s.arrive = t + Duration::hours(link.distance_km / link_speed_kmh_[arc.link.index()]);
  s.distance_km = link.distance_km;
  s.cost[Charge::freight] = parcel_access_usd(link);
  s.cost_usd = s.cost.total();
  add_emissions(s, link.profile, link.distance_km);
  s.risk_log = link_risk_log(arc.link) + risk_log_of(net_.nodes[arc.head].disruption_p);
  s.state_after = static_cast<VehicleState>(Vehicle::truck);
  s.feasible = true;
  return s;
}

Step FreightCosting::ride_parcel(NodeIdx at, VehicleState state, TimePoint t, ServiceIdx si, std::uint32_t board_call,
                                 std::uint32_t alight_call) const {
  Step s;
  if (!service_ride_allowed(si, board_call, alight_call)) return s;
  const Service& service = net_.services[si];
  s.ready = t;
  s.lifted = state == static_cast<VehicleState>(Vehicle::vessel);  // handed from one carrier to the next
  const auto first = next_trip(si, board_call, alight_call, t + service.cutoff);
  if (!first) return s;
  s.depart = *first + service.calls[board_call].depart;
  s.arrive = *first + service.calls[alight_call].arrive;
  s.wait = s.depart - s.ready;
  const double km = add_ride_links(s, at, service, board_call, alight_call);
  s.distance_km = km;
  const double share = service.total_km() > 0 ? km / service.total_km() : 1.0;
  s.cost[Charge::freight] += prices_.service_freight(si, Carriage::container) * share;
  s.cost_usd = s.cost.total();
  s.state_after = static_cast<VehicleState>(Vehicle::vessel);
  s.feasible = true;
  return s;
}

}  // namespace caravan
