#!/usr/bin/python3
"""The committed link geometry (data/corridors/geometry.csv) against the network and the land.

- every sea and ferry link has a line, every line belongs to a link, and it runs from the link's
  `from` node to its `to` node;
- a line's `length_km` is its length; a sea or ferry link's `distance_km` agrees with it within 3 %;
- a rail or road line comes from Natural Earth 1:10m (railroads for rail, roads for road), and its
  length lies in the band scripts/build-geometry accepts: 0.80-1.15 x `distance_km` where the distance
  is published, 0.80-1.30 x where it is an estimate (the 1:10m lines cut curves; the report of
  scripts/build-geometry lists the links more than 10 % apart as candidates for a corrected distance);
- only rail, road, sea and ferry links have lines;
- sea and ferry lines never cross land: Natural Earth 1:50m land (tests/data/ne_50m_land.txt),
  allowing the ports' own shore (END_KM), the narrow passages listed in scripts/build-geometry
  (Suez Canal, Dardanelles, Bosporus, Volga-Caspian channel, Lower Elbe) and stretches of land
  shorter than the 1:50m data resolves (MAX_LAND_RUN_KM).
"""
import csv
import importlib.machinery
import importlib.util
import os
import sys
import unittest

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
DATA = os.path.join(ROOT, 'data', 'corridors')

loader = importlib.machinery.SourceFileLoader('build_geometry', os.path.join(ROOT, 'scripts', 'build-geometry'))
spec = importlib.util.spec_from_loader('build_geometry', loader)
geometry = importlib.util.module_from_spec(spec)
loader.exec_module(geometry)


def table(name):
    with open(os.path.join(DATA, name), newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))


def parse_line(text):
    return [tuple(float(v) for v in p.split(' ')) for p in text.split(';')]


def committed_land():
    rings = []
    with open(os.path.join(ROOT, 'tests', 'data', 'ne_50m_land.txt'), encoding='utf-8') as f:
        for row in f:
            if row.startswith('#') or not row.strip():
                continue
            rings.append(parse_line(row.strip()))
    return geometry.Land(rings)


class Geometry(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.nodes = {r['id']: (float(r['lon']), float(r['lat'])) for r in table('nodes.csv')}
        cls.links = {r['id']: r for r in table('links.csv')}
        cls.lines = {r['link_id']: r for r in table('geometry.csv')}

    def test_every_sea_and_ferry_link_has_a_line_from_its_ends(self):
        for lid, link in self.links.items():
            if link['mode'] in ('sea', 'ferry'):
                self.assertIn(lid, self.lines, lid)
        for lid, row in self.lines.items():
            self.assertIn(lid, self.links, 'geometry.csv: %s is not a link' % lid)
            line = parse_line(row['line'])
            self.assertGreaterEqual(len(line), 2, lid)
            link = self.links[lid]
            for end, node in ((line[0], link['from']), (line[-1], link['to'])):
                self.assertLess(geometry.km(end, self.nodes[node]), 0.05, '%s: line does not end at %s' % (lid, node))

    def test_lengths_are_measured_along_the_line(self):
        for lid, row in self.lines.items():
            measured = geometry.length_km(parse_line(row['line']))
            self.assertAlmostEqual(float(row['length_km']), measured, delta=0.06, msg=lid)
            link = self.links[lid]
            distance = float(link['distance_km'])
            if link['mode'] in ('sea', 'ferry'):
                self.assertLessEqual(abs(distance - measured), 0.03 * measured,
                                     '%s: distance_km %s vs %.1f km along its line' % (lid, distance, measured))
            else:
                low, high = geometry.BAND_ESTIMATED if link['distance_is_estimate'] == 'true' else geometry.BAND_SOURCED
                self.assertTrue(low <= measured / distance <= high,
                                '%s: %.1f km along its line is %.2f x distance_km %s, outside %.2f-%.2f'
                                % (lid, measured, measured / distance, distance, low, high))

    def test_rail_and_road_lines_follow_their_own_network(self):
        sources = {'rail': 'Natural Earth 1:10m railroads (scalerank <= 7)', 'road': 'Natural Earth 1:10m roads'}
        self.assertEqual(geometry.LAND_SOURCES, sources)
        modes = {}
        for lid, row in self.lines.items():
            mode = self.links[lid]['mode']
            self.assertIn(mode, ('rail', 'road', 'sea', 'ferry'), lid)
            if mode in sources:
                self.assertEqual(row['source'], sources[mode], lid)
            modes[mode] = modes.get(mode, 0) + 1
        # Most rail and road links have a line; the others lack one in the 1:10m data (docs/data-format.md).
        for mode in sources:
            total = sum(1 for link in self.links.values() if link['mode'] == mode)
            self.assertGreater(modes.get(mode, 0), total // 2, mode)

    def test_sea_and_ferry_lines_never_cross_land(self):
        land = committed_land()
        for lid, row in self.lines.items():
            link = self.links[lid]
            if link['mode'] not in ('sea', 'ferry'):
                continue
            line = parse_line(row['line'])
            self.assertIsNone(geometry.land_crossing(line, self.nodes[link['from']], self.nodes[link['to']], land), lid)

    def test_the_land_check_sees_a_lane_drawn_across_land(self):
        # The straight Shanghai-Rotterdam great circle would cross China and Europe.
        land = committed_land()
        shanghai, rotterdam = self.nodes['CN_SHANGHAI'], self.nodes['NL_ROTTERDAM']
        self.assertIsNotNone(geometry.land_crossing([shanghai, rotterdam], shanghai, rotterdam, land))
        # Cape Town to Gibraltar straight: through Morocco and West Africa? Only if it touches land;
        # the Cape route line itself stays at sea.
        cape = self.lines['sea:CHK_CAPE:CHK_GIBRALTAR']
        self.assertIsNone(geometry.land_crossing(parse_line(cape['line']), self.nodes['CHK_CAPE'],
                                                 self.nodes['CHK_GIBRALTAR'], land))


if __name__ == '__main__':
    sys.exit(unittest.main(argv=[sys.argv[0], '-v'], exit=False).result.wasSuccessful() is False)
