/**
 * The language layer of the matching engine: turns a post's text into index terms.
 *
 * It is an interface so that another language (or a smarter analyser) can replace the English
 * one without touching the scoring in `matching.ts`. The English layer:
 *   1. normalises: Unicode NFKD, diacritics stripped, lower case, punctuation and emoji dropped;
 *   2. stems each word with the Porter stemmer (`stemmer`, wooorm) so "babysitting" ~ "babysit";
 *   3. finds words and phrases of a related-word table and adds one shared concept token per
 *      group ("~childcare"), so "babysitting" and "look after your kids" share a term;
 *   4. drops stop words (`stopword`'s English list plus words every post uses: offer, need, help).
 */
import { stemmer } from "stemmer";
import { eng as englishStopWords } from "stopword";

export interface LanguageLayer {
  /** Index terms of a text, with repetitions (term frequency matters). */
  terms(text: string): string[];
  /** Optional: a readable form of a term, for `sharedTerms`. */
  label?(term: string): string;
}

/** Prefix of concept tokens: it cannot come out of normalisation, so concepts never collide with words. */
export const CONCEPT_PREFIX = "~";

/**
 * Related-word groups of this domain. Each group becomes one concept token; any member (a word or
 * a phrase of up to four words, matched after stemming) adds the token. A word may sit in several
 * groups. Keep it general vocabulary of community exchanges, not wording of particular posts.
 */
export const ENGLISH_RELATED_WORDS: Record<string, string[]> = {
  childcare: ["childcare", "babysitting", "babysitter", "babysit", "kids", "children", "child", "toddler",
    "nanny", "childminding", "childminder", "look after kids", "look after children", "creche", "nursery",
    "school run", "school pick up", "playdate", "after school"],
  transport: ["lift", "ride", "car", "drive", "driving", "driver", "carpool", "car share", "transport",
    "airport run", "taxi", "pick up and drop off"],
  moving: ["move", "moving", "removals", "van", "house move", "move house", "boxes", "packing", "heavy lifting",
    "shift furniture", "carry", "man with a van"],
  repair: ["repair", "fix", "fixing", "fixable", "mend", "mending", "broken", "fixer", "handyman", "diy",
    "odd jobs", "repair cafe", "not working", "stopped working"],
  teaching: ["tutor", "tutoring", "tuition", "lesson", "lessons", "teach", "teaching", "teacher", "learn",
    "learning", "learner", "class", "classes", "coach", "coaching", "homework", "mentor", "mentoring",
    "course", "workshop", "show me how", "show you how", "beginners"],
  school_subjects: ["maths", "math", "mathematics", "algebra", "physics", "chemistry", "science", "gcse",
    "a level", "exam", "exams", "revision", "secondary school", "homework"],
  garden: ["garden", "gardening", "gardener", "allotment", "vegetables", "veg", "grow", "growing", "plants",
    "seedlings", "weeding", "weeds", "compost", "manure", "lawn", "mowing", "hedge", "pruning", "herbs",
    "raised beds", "plot", "overgrown", "backyard", "yard"],
  produce: ["produce", "fresh veg", "vegetables", "fruit", "surplus", "harvest", "eggs", "apples",
    "potatoes", "courgettes", "beans", "jam", "preserves"],
  tech: ["computer", "computers", "laptop", "pc", "infotech", "tech", "technology", "software", "linux",
    "mac", "virus", "backup", "backups", "printer", "wifi", "internet", "router", "slow computer",
    "operating system"],
  digital_skills: ["smartphone", "tablet", "ipad", "iphone", "android", "video call", "zoom", "whatsapp",
    "email", "digital", "online", "apps"],
  bike: ["bike", "bicycle", "cycling", "cycle", "cyclist", "puncture", "flat tyre", "gears", "brakes"],
  accommodation: ["room", "spare room", "accommodation", "spare bed", "sofa bed", "couch", "place to stay",
    "somewhere to stay", "stay", "short stay", "lodging", "guest", "guests", "bed for the night"],
  food: ["cook", "cooking", "cooked", "meals", "meal", "food", "dinner", "dinners", "lunch", "soup", "soups",
    "stew", "stews", "batch cook", "recipes", "chef", "portions", "home cooked", "kitchen"],
  baking: ["bake", "baking", "baker", "cake", "cakes", "bread", "sourdough", "biscuits", "pastry"],
  languages: ["language", "languages", "language exchange", "conversation", "speak", "speaker", "spanish",
    "french", "german", "italian", "arabic", "polish", "english", "esl", "esol", "portuguese", "mandarin",
    "urdu", "farsi", "fluent", "native speaker"],
  translation: ["translate", "translation", "translator", "interpret", "interpreter", "interpreting"],
  web: ["website", "web", "web design", "web designer", "site", "wordpress", "online shop", "html",
    "web developer", "squarespace", "domain", "hosting"],
  accounting: ["accounting", "accountant", "accounts", "tax", "tax return", "self assessment", "bookkeeping",
    "bookkeeper", "books", "finance", "finances", "invoice", "invoices", "payroll", "vat"],
  money_advice: ["budget", "budgeting", "debt", "debts", "money", "benefits", "universal credit", "bills",
    "money advice", "financial"],
  spreadsheets: ["spreadsheet", "spreadsheets", "excel", "google sheets", "formulas", "pivot tables", "data"],
  pets: ["pet", "pets", "dog", "dogs", "puppy", "cat", "cats", "kitten", "rabbit", "rabbits", "dog walking",
    "walk the dog", "pet sitting", "feed the cat", "animals"],
  poultry_bees: ["chickens", "hens", "poultry", "ducks", "bees", "beekeeping", "beekeeper", "honey"],
  music: ["music", "musician", "guitar", "piano", "pianist", "keyboard", "singing", "sing", "singer", "band",
    "drums", "instrument", "violin", "ukulele", "choir", "accompanist", "gig"],
  sewing: ["sew", "sewing", "sewing machine", "alterations", "alter", "hem", "hems", "hemming", "patch",
    "darning", "tailoring", "tailor", "torn", "zip", "curtains"],
  knitting: ["knit", "knitting", "crochet", "yarn", "wool", "needles"],
  clothes: ["clothes", "clothing", "coat", "coats", "jacket", "shoes", "boots", "jumper", "trousers", "jeans",
    "dress", "outgrown", "school uniform"],
  cleaning: ["clean", "cleaning", "cleaner", "deep clean", "tidy", "tidying", "hoover", "scrub", "ovens",
    "windows", "housework"],
  decluttering: ["declutter", "decluttering", "clutter", "cluttered", "organise", "organising", "sort out",
    "sorting out", "tidy up"],
  companionship: ["companionship", "company", "lonely", "loneliness", "visit", "visitor", "visiting",
    "befriend", "befriending", "chat", "cup of tea", "isolated", "elderly", "older people"],
  errands: ["shopping", "errands", "groceries", "pick up shopping", "prescriptions", "collect", "housebound",
    "supermarket"],
  appointments: ["appointment", "appointments", "hospital", "gp", "doctor", "clinic", "accompany",
    "escort"],
  writing: ["write", "writing", "writer", "edit", "editing", "editor", "proofread", "proofreading",
    "dissertation", "essay", "essays", "thesis", "report", "copywriting", "grammar"],
  jobs: ["job", "jobs", "cv", "resume", "cover letter", "interview", "interviews", "career", "careers",
    "job hunting", "linkedin", "applications", "job application"],
  photography: ["photo", "photos", "photograph", "photography", "photographer", "camera", "portrait",
    "portraits", "headshot", "headshots", "pictures"],
  video: ["video", "videos", "film", "filming", "videographer", "edit video", "short film", "youtube"],
  graphic_design: ["graphic design", "graphic designer", "design", "designer", "logo", "logos", "poster",
    "posters", "flyer", "flyers", "leaflet", "leaflets", "illustration", "branding", "canva", "graphics"],
  social_media: ["social media", "instagram", "facebook", "tiktok", "marketing", "promote", "promotion",
    "publicity", "newsletter", "advertising", "posts"],
  business: ["business", "small business", "startup", "start up", "business plan", "entrepreneur",
    "pricing", "customers", "self employed", "freelance", "catering business", "social enterprise"],
  legal: ["legal", "law", "lawyer", "solicitor", "contract", "tenancy", "tenant", "landlord", "rights",
    "deposit", "eviction", "law student"],
  paperwork: ["form", "forms", "form filling", "paperwork", "letter", "letters", "official letters",
    "council", "application form", "benefits"],
  fitness: ["fitness", "exercise", "running club", "go running", "runner", "jog", "jogging", "gym", "5k", "personal trainer",
    "workout", "swimming"],
  yoga: ["yoga", "stretching", "stretch", "pilates", "tai chi", "meditation", "back pain", "mobility"],
  wellbeing: ["listen", "listener", "listening", "stress", "anxiety", "anxious", "depression", "counselling",
    "wellbeing", "mental health", "someone to talk to", "hard time"],
  tools: ["tool", "tools", "drill", "ladder", "stepladder", "lawnmower", "mower", "saw", "strimmer",
    "hedge trimmer", "power tools", "toolkit", "spirit level", "borrow", "lend"],
  plumbing: ["plumbing", "plumber", "leak", "leaking", "leaks", "dripping", "tap", "taps", "pipe", "pipes",
    "boiler", "radiator", "radiators", "toilet", "cistern", "sink"],
  electrics: ["electrics", "electrician", "electrical", "wiring", "light fitting", "socket", "plug", "fuse",
    "appliance", "appliances", "kettle", "toaster", "lamp", "radio", "electronics"],
  decorating: ["paint", "painting", "painter", "decorating", "decorator", "decorate", "wallpaper",
    "wallpapering", "walls", "ceiling"],
  furniture_assembly: ["flat pack", "flatpack", "assemble", "assembly", "assembling", "ikea", "put up shelves",
    "shelves", "shelf", "wardrobe", "put together"],
  handyman: ["handyman", "handywoman", "diy", "odd jobs", "around the house", "put up shelves", "shelves",
    "curtain rail", "hang pictures", "flat pack", "drill", "small jobs"],
  woodwork: ["wood", "woodwork", "woodworker", "carpentry", "carpenter", "joinery", "joiner", "workshop",
    "chair leg", "wobbly", "sanding"],
  furniture: ["furniture", "sofa", "table", "chairs", "chair", "desk", "wardrobe", "mattress", "bed frame",
    "chest of drawers", "dining table", "bookcase"],
  space: ["space", "venue", "hall", "room hire", "meeting room", "studio", "workspace", "desk", "coworking",
    "office", "home office", "premises"],
  storage: ["storage", "store", "storing", "garage", "loft", "attic", "shed", "cellar", "boxes"],
  baby: ["baby", "babies", "newborn", "pram", "buggy", "pushchair", "cot", "high chair", "car seat",
    "nappies", "maternity", "new parents"],
  books: ["book", "books", "reading", "read", "library", "novels", "picture books", "story", "stories"],
  events: ["event", "events", "festival", "fair", "fete", "party", "street party", "stall", "stalls",
    "stewarding", "marshal", "volunteer", "volunteers", "volunteering"],
  sound: ["pa", "pa system", "sound system", "speakers", "microphone", "mic", "amplifier", "audio",
    "projector", "sound"],
  energy: ["energy", "heating", "insulation", "draught", "draughty", "draught proofing", "cold house",
    "freezing", "heating bills", "energy bills", "solar", "loft insulation"],
  hair: ["haircut", "hair", "hairdresser", "barber", "cut hair", "hairdressing"],
  art: ["art", "artist", "drawing", "draw", "painting", "watercolour", "sketching", "pottery", "ceramics",
    "craft", "crafts", "creative", "collage"],
  dance: ["dance", "dancing", "dancer", "salsa", "bachata", "ballet", "tango", "ceilidh", "swing"],
  massage: ["massage", "reiki", "reflexology", "physio", "physiotherapy", "sore back"],
  first_aid: ["first aid", "cpr", "nurse", "nursing", "medical"],
};

/** Words too common in offers and needs to say anything about what is offered or needed. */
const MARKET_STOP_WORDS = [
  "offer", "offers", "offering", "need", "needs", "needed", "needing", "help", "helping", "helps", "helper",
  "looking", "look", "anyone", "someone", "somebody", "anybody", "happy", "please", "love", "able", "available",
  "free", "willing", "want", "wanted", "hi", "hello", "thanks", "etc", "thing", "things", "just", "really",
  "bit", "little", "lot", "lots", "sometimes", "time", "good", "great", "nice", "know", "will", "let",
  "im", "ive", "id", "dont", "cant", "wont", "isnt", "doesnt", "youre", "theyre", "lets", "one", "two",
  "need", "ok", "okay", "yes", "no", "not", "us", "also", "am", "i", "me", "my", "mine", "own", "you",
  "your", "yours", "we", "our", "ours", "who", "whom", "any", "some", "could", "would", "should", "can",
  "may", "might", "shall", "much", "many", "very", "get", "got", "getting", "go", "going", "happily",
  "enjoy", "like", "sure", "kind", "maybe", "perhaps", "new", "old",
];

const STOP_WORDS = new Set<string>([...englishStopWords, ...MARKET_STOP_WORDS]);

/** Letters NFKD does not decompose into a base letter plus a mark. */
const SPECIAL_LETTERS: Record<string, string> = {
  ß: "ss", æ: "ae", œ: "oe", ø: "o", ł: "l", đ: "d", þ: "th", ð: "d", ı: "i",
};

/**
 * Lower-cased words of a text, without accents, punctuation, symbols or emoji. Apostrophes are
 * removed inside words ("don't" -> "dont", "kids'" -> "kids") so they do not split a word.
 */
export function normaliseWords(text: string): string[] {
  const withTech = text
    // "IT" in capitals is information technology; lower-case "it" is a pronoun.
    .replace(/\bI\.?T\b\.?/g, " infotech ")
    .replace(/\bPA\b/g, " pa ");
  const plain = withTech
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[ßæœøłđþðı]/g, (ch) => SPECIAL_LETTERS[ch] ?? ch)
    .replace(/(\p{L})['’‘`´](?=\p{L}|\s|$)/gu, "$1")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
  return plain === "" ? [] : plain.split(" ");
}

interface PhraseTrie {
  concepts: string[];
  next: Map<string, PhraseTrie>;
}

/** The English language layer; its tables are built once per instance. */
export class EnglishLanguage implements LanguageLayer {
  private readonly stemCache = new Map<string, string>();
  private readonly phrases: PhraseTrie = { concepts: [], next: new Map() };
  private readonly maxPhraseLength: number;
  private readonly stopStems: Set<string>;
  /** For labels: a concept's name by its stem ("translat" -> "translation"), and a stem's shortest word. */
  private readonly conceptByStem = new Map<string, string>();
  private readonly surfaceByStem = new Map<string, string>();

  constructor(relatedWords: Record<string, string[]> = ENGLISH_RELATED_WORDS) {
    let maxLength = 1;
    for (const concept of Object.keys(relatedWords).sort()) {
      const token = CONCEPT_PREFIX + concept;
      const conceptLabel = concept.replace(/_/g, " ");
      if (!concept.includes("_")) this.conceptByStem.set(this.stem(concept), conceptLabel);
      for (const member of relatedWords[concept] ?? []) {
        const stems = normaliseWords(member).map((word) => this.stem(word));
        if (stems.length === 0) continue;
        maxLength = Math.max(maxLength, stems.length);
        let node = this.phrases;
        for (const stem of stems) {
          let child = node.next.get(stem);
          if (!child) {
            child = { concepts: [], next: new Map() };
            node.next.set(stem, child);
          }
          node = child;
        }
        if (!node.concepts.includes(token)) node.concepts.push(token);
      }
    }
    this.maxPhraseLength = maxLength;
    // Stop words compare on stems as well, so "offering" and "offered" go with "offer".
    this.stopStems = new Set([...STOP_WORDS].map((word) => this.stem(word)));
  }

  terms(text: string): string[] {
    const words = normaliseWords(text);
    const stems = words.map((word) => this.stem(word));
    const terms: string[] = [];
    for (let start = 0; start < stems.length; start++) {
      // Phrases may contain stop words ("look after kids", "place to stay"): match them first.
      let node: PhraseTrie | undefined = this.phrases;
      for (let end = start; end < stems.length && end - start < this.maxPhraseLength; end++) {
        node = node.next.get(stems[end] as string);
        if (!node) break;
        for (const concept of node.concepts) terms.push(concept);
      }
      const word = words[start] as string;
      const stem = stems[start] as string;
      if (word.length < 2 || /^\d+$/.test(word)) continue;
      if (STOP_WORDS.has(word) || this.stopStems.has(stem)) continue;
      terms.push(stem);
    }
    return terms;
  }

  /**
   * Concepts read as their group's name; a stem reads as that name when it is the name's stem (so
   * "translat" and "~translation" show once), else as the shortest word seen with that stem
   * (ties: alphabetical, so the label does not depend on the order texts arrived in).
   */
  label(term: string): string {
    if (term.startsWith(CONCEPT_PREFIX)) return term.slice(CONCEPT_PREFIX.length).replace(/_/g, " ");
    return this.conceptByStem.get(term) ?? this.surfaceByStem.get(term) ?? term;
  }

  private stem(word: string): string {
    let stem = this.stemCache.get(word);
    if (stem === undefined) {
      stem = stemmer(word);
      this.stemCache.set(word, stem);
      const surface = this.surfaceByStem.get(stem);
      if (surface === undefined || word.length < surface.length || (word.length === surface.length && word < surface)) {
        this.surfaceByStem.set(stem, word);
      }
    }
    return stem;
  }
}
