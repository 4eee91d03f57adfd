/** Faker-style values from small built-in word lists (no dependency). */
import type { Rng } from "./rng";

const FIRST = ["Ada", "Alan", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances", "Edsger", "Radia", "Tim", "Hedy", "John", "Katherine", "Guido", "Anita", "Bjarne", "Joan", "Donald"];
const LAST = ["Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Allen", "Dijkstra", "Perlman", "Berners-Lee", "Lamarr", "McCarthy", "Johnson", "van Rossum", "Borg", "Stroustrup", "Clarke", "Knuth"];
const COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries", "Wayne Enterprises", "Wonka", "Tyrell", "Cyberdyne"];
const CITIES = ["Lisbon", "Oslo", "Kyoto", "Austin", "Nairobi", "Montreal", "Lyon", "Melbourne", "Porto", "Seoul", "Dublin", "Bogotá"];
const COUNTRIES = ["Portugal", "Norway", "Japan", "United States", "Kenya", "Canada", "France", "Australia", "South Korea", "Ireland", "Colombia"];
const STREETS = ["Main Street", "Oak Avenue", "Elm Road", "Harbour Lane", "Station Road", "Park Way", "Mill Street"];
export const WORDS = ["alpha", "bravo", "cedar", "delta", "ember", "fjord", "garnet", "harbor", "indigo", "juniper", "kestrel", "lumen", "maple", "nova", "onyx", "prism", "quartz", "raven", "sierra", "tundra", "umber", "vertex", "willow", "xenon", "yonder", "zephyr"];

export const fakerHelpers: Record<string, (rng: Rng) => string> = {
  firstName: (r) => r.pick(FIRST),
  lastName: (r) => r.pick(LAST),
  name: (r) => `${r.pick(FIRST)} ${r.pick(LAST)}`,
  fullName: (r) => `${r.pick(FIRST)} ${r.pick(LAST)}`,
  email: (r) => `${r.pick(FIRST)}.${r.pick(LAST)}`.toLowerCase().replace(/[^a-z.]/g, "") + `${r.int(1, 99)}@example.com`,
  userName: (r) => `${r.pick(FIRST).toLowerCase()}${r.int(1, 999)}`,
  company: (r) => r.pick(COMPANIES),
  city: (r) => r.pick(CITIES),
  country: (r) => r.pick(COUNTRIES),
  street: (r) => `${r.int(1, 400)} ${r.pick(STREETS)}`,
  phone: (r) => `+1-555-${String(r.int(0, 999)).padStart(3, "0")}-${String(r.int(0, 9999)).padStart(4, "0")}`,
  word: (r) => r.pick(WORDS),
  sentence: (r) => {
    const n = r.int(4, 8);
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push(r.pick(WORDS));
    const s = words.join(" ");
    return s[0].toUpperCase() + s.slice(1) + ".";
  },
};
