#!/usr/bin/python3
"""The committed name tables data/corridors/countries.csv and data/corridors/gazetteer.csv.

- countries.csv: one row per ISO 3166-1 code, every country of the network among them, and no name,
  alias or code that two countries share (compared case- and accent-insensitively, as the engine
  matches names);
- gazetteer.csv: every row parses, lies on the globe, names a known country and keeps the inclusion
  rule of scripts/build-places;
- exact spot checks of the names a user types.
"""
import csv
import importlib.machinery
import importlib.util
import os
import re
import sys
import unittest

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
DATA = os.path.join(ROOT, 'data', 'corridors')

loader = importlib.machinery.SourceFileLoader('build_places', os.path.join(ROOT, 'scripts', 'build-places'))
spec = importlib.util.spec_from_loader('build_places', loader)
places = importlib.util.module_from_spec(spec)
loader.exec_module(places)
fold = places.fold


def table(name):
    with open(os.path.join(DATA, name), newline='', encoding='utf-8') as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [dict(zip(header, row)) for row in reader]
        return header, rows, reader.line_num


def split(field):
    return field.split('|') if field else []


class Countries(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.header, cls.rows, _ = table('countries.csv')
        cls.by_code = {r['code']: r for r in cls.rows}
        cls.keys = {}
        for r in cls.rows:
            for name in [r['code'], r['name']] + split(r['aliases']):
                cls.keys.setdefault(fold(name), set()).add(r['code'])

    def lookup(self, name):
        owners = self.keys.get(fold(name), set())
        self.assertEqual(len(owners), 1, '%r names %s' % (name, sorted(owners) or 'no country'))
        return next(iter(owners))

    def test_columns_and_codes(self):
        self.assertEqual(self.header, ['code', 'name', 'aliases', 'source'])
        self.assertEqual(len(self.by_code), len(self.rows), 'codes are not unique')
        self.assertEqual(len(self.rows), 249)
        for r in self.rows:
            self.assertRegex(r['code'], r'^[A-Z]{2}$')
            self.assertTrue(r['name'] and r['source'], r['code'])
            for alias in split(r['aliases']):
                self.assertEqual(alias, alias.strip(), r['code'])
                self.assertTrue(alias, '%s: empty alias' % r['code'])

    def test_every_country_of_the_network_has_a_row(self):
        for name, column in (('nodes.csv', 'country'), ('holidays.csv', 'country')):
            _, rows, _ = table(name)
            for r in rows:
                self.assertIn(r[column], self.by_code, '%s: country %s' % (name, r[column]))

    def test_no_name_is_shared_by_two_countries(self):
        shared = {k: sorted(v) for k, v in self.keys.items() if len(v) > 1}
        self.assertEqual(shared, {})

    def test_names_users_type(self):
        expected = {
            'Russia': 'RU', 'Russian Federation': 'RU', 'RUS': 'RU', 'russia': 'RU',
            'Türkiye': 'TR', 'Turkiye': 'TR', 'Turkey': 'TR', 'TUR': 'TR',
            'Iran': 'IR', 'Iran, Islamic Republic of': 'IR',
            'China': 'CN', "People's Republic of China": 'CN', 'PRC': 'CN',
            'Kyrgyzstan': 'KG', 'Kyrgyz Republic': 'KG', 'Kirghizia': 'KG',
            'Kazakhstan': 'KZ', 'KAZ': 'KZ', 'Uzbekistan': 'UZ', 'Tajikistan': 'TJ', 'Turkmenistan': 'TM',
            'Moldova': 'MD', 'Moldova, Republic of': 'MD', 'Vietnam': 'VN', 'Viet Nam': 'VN',
            'South Korea': 'KR', 'Korea, Republic of': 'KR', 'North Korea': 'KP',
            'United Kingdom': 'GB', 'UK': 'GB', 'Great Britain': 'GB',
            'Czechia': 'CZ', 'Czech Republic': 'CZ', 'Germany': 'DE', 'Georgia': 'GE', 'Mongolia': 'MN',
            'North Macedonia': 'MK', 'Laos': 'LA', 'United States': 'US',
        }
        for name, code in expected.items():
            self.assertEqual(self.lookup(name), code, name)
        names = {'RU': 'Russia', 'TR': 'Türkiye', 'IR': 'Iran', 'CN': 'China', 'KG': 'Kyrgyzstan',
                 'MD': 'Moldova', 'VN': 'Vietnam', 'KR': 'South Korea', 'CZ': 'Czechia', 'GB': 'United Kingdom'}
        for code, name in names.items():
            self.assertEqual(self.by_code[code]['name'], name)
        self.assertNotIn(fold('Korea'), self.keys)
        self.assertEqual(self.by_code['RU']['aliases'], 'Russian Federation|RUS')


class Gazetteer(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.header, cls.rows, _ = table('gazetteer.csv')
        _, countries, _ = table('countries.csv')
        cls.codes = {r['code'] for r in countries}
        cls.by_key = {}
        for r in cls.rows:
            for name in [r['name']] + split(r['aliases']):
                cls.by_key.setdefault(fold(name), []).append(r)

    def place(self, name, country):
        found = [r for r in self.by_key.get(fold(name), []) if r['country'] == country]
        self.assertTrue(found, '%s (%s) is not in gazetteer.csv' % (name, country))
        return found[0]

    def test_columns_and_rows_parse(self):
        self.assertEqual(self.header, ['name', 'aliases', 'country', 'lat', 'lon', 'population', 'source'])
        self.assertGreater(len(self.rows), 1000)
        for i, r in enumerate(self.rows, start=2):
            where = 'gazetteer.csv:%d' % i
            self.assertEqual(len(r), 7, where)
            self.assertTrue(r['name'] and r['name'] == r['name'].strip(), where)
            self.assertIn(r['country'], self.codes, where)
            self.assertRegex(r['lat'], r'^-?\d{1,2}\.\d{4}$', where)
            self.assertRegex(r['lon'], r'^-?\d{1,3}\.\d{4}$', where)
            self.assertTrue(-90 <= float(r['lat']) <= 90 and -180 <= float(r['lon']) <= 180, where)
            self.assertRegex(r['population'], r'^[1-9]\d*$', where)
            self.assertRegex(r['source'], r'^Natural Earth 1:10m populated places \(ne_id \d+\)', where)
            for alias in split(r['aliases']):
                self.assertTrue(alias and alias == alias.strip() and fold(alias) != fold(r['name']), where)

    def test_inclusion_rule_and_order(self):
        for r in self.rows:
            population = int(r['population'])
            self.assertGreaterEqual(population, places.MIN_POPULATION_CORE, r['name'])
            if r['country'] not in places.CORE_COUNTRIES and r['country'] != 'CN':
                self.assertGreaterEqual(population, places.MIN_POPULATION, r['name'])
        keys = [(r['country'], -int(r['population'])) for r in self.rows]
        self.assertEqual(keys, sorted(keys), 'rows are ordered by country, then population (largest first)')

    def test_an_alias_never_names_another_place_of_its_country(self):
        names = {(r['country'], fold(r['name'])) for r in self.rows}
        for r in self.rows:
            for alias in split(r['aliases']):
                self.assertNotIn((r['country'], fold(alias)), names, '%s: alias %s' % (r['name'], alias))

    def test_cities_users_type(self):
        berlin = self.place('Berlin', 'DE')
        self.assertAlmostEqual(float(berlin['lat']), 52.52, delta=0.05)
        self.assertAlmostEqual(float(berlin['lon']), 13.40, delta=0.05)
        expected = {
            ('Samarkand', 'UZ'): (39.67, 66.94), ('Kashgar', 'CN'): (39.48, 75.97), ('Kashi', 'CN'): (39.48, 75.97),
            ('Lanzhou', 'CN'): (36.06, 103.79), ('Aktobe', 'KZ'): (50.28, 57.17), ('Osh', 'KG'): (40.54, 72.79),
            ('Baku', 'AZ'): (40.40, 49.86), ('Tbilisi', 'GE'): (41.73, 44.79), ('Milan', 'IT'): (45.47, 9.20),
            ('Milano', 'IT'): (45.47, 9.20), ('Shenzhen', 'CN'): (22.55, 114.12), ('Busan', 'KR'): (35.10, 129.01),
            ('Ulaanbaatar', 'MN'): (47.92, 106.91), ('Urumqi', 'CN'): (43.81, 87.57), ("Xi'an", 'CN'): (34.28, 108.89),
            ('Karaganda', 'KZ'): (49.88, 73.10), ('Mazar-i-Sharif', 'AF'): (36.70, 67.10),
        }
        for (name, country), (lat, lon) in expected.items():
            r = self.place(name, country)
            self.assertAlmostEqual(float(r['lat']), lat, delta=0.05, msg=name)
            self.assertAlmostEqual(float(r['lon']), lon, delta=0.05, msg=name)
        # Towns of the core region from 50,000 inhabitants, elsewhere only cities from 300,000.
        self.assertEqual(self.place('Naryn', 'KG')['population'], '52300')
        self.assertEqual(self.place('Kutaisi', 'GE')['population'], '183945')
        self.assertNotIn(fold('Rostock'), self.by_key)  # 203,080 inhabitants, Germany
        self.assertFalse([r for r in self.by_key.get(fold('Klintsy'), [])])

    def test_files_stay_small(self):
        for name in ('countries.csv', 'gazetteer.csv'):
            self.assertLess(os.path.getsize(os.path.join(DATA, name)), 600 * 1024, name)


class Recipe(unittest.TestCase):
    def test_sources_are_pinned(self):
        for name, (url, digest) in places.SOURCES.items():
            self.assertRegex(digest, r'^[0-9a-f]{64}$', name)
            self.assertTrue(re.search(r'/[0-9a-f]{40}/', url) or 'iso-codes_4.15.0-1_all.deb' in url, url)

    def test_alternate_names_are_read_as_natural_earth_writes_them(self):
        self.assertEqual(places.split_alternates("Xi'an, Shaanxi", 'Shaanxi'), ["Xi'an"])
        self.assertEqual(places.split_alternates('Qyzlorda|Kyzylorda', 'Qyzylorda'), ['Qyzlorda', 'Kyzylorda'])
        self.assertEqual(places.split_alternates('Sav-la-Mar, Sav', 'Westmoreland'), ['Sav-la-Mar', 'Sav'])
        for bad in ('rumqi', 'Hai Phnng', 'H', 'Th nh Pho Ho Chy Minh'):
            self.assertTrue(places.mangled(bad), bad)
        for good in ("T'aichung", "Ural'sk", 'Ust-Kamenogorsk', 'Washington D.C.'):
            self.assertFalse(places.mangled(good), good)


if __name__ == '__main__':
    sys.exit(unittest.main(argv=[sys.argv[0], '-v'], exit=False).result.wasSuccessful() is False)
