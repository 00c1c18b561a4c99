// Every refusal the market gives, in one catalogue: a stable code and its English text, with
// {{placeholders}} for the values that travel with it. The API sends the English text (and the
// code and values); the app translates by code (app/locales/*.json "refusals"), so a Spanish
// phone reads a Spanish refusal. Pure: imported by the server and by the browser bundle.

export const REFUSALS = {
  // Who is asking
  unauthenticated: "Join the market first.",
  invalid_credentials: "That link or token is not valid for this market.",
  helper_acts_for_someone: "At the helper desk, pick the person you are acting for first.",
  desk_only: "Only the host or a helper at the desk can do this.",
  not_at_desk: "This person joined with their own phone; the desk acts only for people it added.",
  personal_code_unknown: "That personal code is not known in this market. Check it, or ask the host for a new one.",
  not_host: "Only the host can do this.",
  host_link_needed: "This page is for the market's host. Open it with your host link.",
  host_cannot_take_part: "Only participants can do this; the host link is for steering.",
  not_your_post: "Only its author or the host can change this post.",
  not_in_connection: "Only the two people in a connection can answer it.",
  star_own_need_only: "Only a need's author can star it.",
  cross_site: "This request came from another site and was refused.",

  // What is asked for does not exist
  market_not_found: "No such market.",
  post_not_found: "No such post.",
  participant_not_found: "No such participant.",
  connection_not_found: "No such connection.",
  stage_not_found: "No such stage.",
  offer_not_found: "That offer is not in this market (any more).",
  need_not_found: "That need is not in this market (any more).",
  route_not_found: "No such API route.",

  // Not now: the market's phase, its stage, its state
  phase_lobby: "The market has not opened for posting yet.",
  phase_sharing: "That is not possible while the room is sharing.",
  phase_connecting: "That is not possible while the room is connecting.",
  phase_closed: "The market is closed.",
  offers_not_open: "The room is not posting offers in this stage yet.",
  needs_not_open: "The room is not posting needs in this stage yet.",
  dreams_not_open: "The room is not sharing dreams in this stage yet.",
  not_a_dream: "People gather around dreams only.",
  own_dream: "This is your own dream: you are in it already.",
  not_dream_author: "Only the dream's author can accept people into its circle.",
  not_in_circle: "Only the people of a connection or a circle can say how it went.",
  joining_locked: "The host has closed this market to new people.",
  market_full: "This market is full ({{max}} people). Please ask the host.",
  market_full_posts: "This market has reached its limit of {{max}} posts.",
  market_full_connections: "This market has reached its limit of {{max}} connections.",
  same_person: "An offer and a need by the same person cannot be connected.",
  answer_same_kind: "Answer an offer with a need, and a need with an offer.",
  too_many_drafts: "You already have {{max}} cards waiting for their stage.",
  connection_declined: "This connection was declined.",
  connection_answered: "This connection has already been answered.",
  not_a_need: "Only needs can be starred.",
  author_removed: "Its author was removed from the market.",
  agenda_empty: "Every stage is skipped; un-skip one first.",
  no_tables: "Split the room into groups first.",
  no_groups: "Split the room into groups first.",
  nobody_here: "Nobody has joined yet.",
  too_few_people: "At least two people must have joined to make groups.",
  no_round: "No round is running; start one first.",
  stale_stage_move: "Someone else moved the room on already: it is now at “{{stage}}”. Look again, then try.",
  stale_round_move: "Someone else already moved the round on. Look again, then try.",
  stale_phase_move: "Someone else changed the phase already. Look again, then try.",
  rehearsal_needs_empty_market: "A rehearsal starts on an empty market: people have joined or cards were posted already.",
  reset_needs_rehearsal: "Only a rehearsal can be reset: this market is not in rehearsal, so its people and cards are real. Delete the market if you mean to remove everything.",
  no_code: "Could not find a free join code; try again.",

  // Too much at once
  rate_limited_post: "You are posting very fast. Take a breath and try again in {{seconds}} s.",
  rate_limited_connect: "That is a lot of requests in a short time. Try again in {{seconds}} s.",
  rate_limited_join: "Lots of people are joining right now. Please try again in {{seconds}} s.",
  market_busy: "This market is very busy right now. Please try again in {{seconds}} s.",
  // Said by the load balancer, not a node (deploy/nginx.conf): a node died while it had the request.
  node_unavailable: "The server is busy for a moment. Your phone will try again.",
  rate_limited_join_network: "Too many joins from this network right now. Please try again in {{seconds}} s.",
  rate_limited_markets: "Too many markets started from this network. Try again in {{seconds}} s.",
  rate_limited_personal_code: "Too many wrong codes. Please try again in {{seconds}} s, or ask the host.",

  // Files the host brings
  no_cards: "The file has no cards.",
  invalid_cards: "Nothing was imported. {{problems}}",
  invalid_export: "This is not a usable market export: {{problem}}",

  // The request itself
  invalid_input: "Some fields need another look.",
  unknown_action: "Unknown action.",
  not_confirmed: "Type the join code {{code}} to confirm.",
  choose_file: "Choose the market's JSON export file first.",
  not_json_file: "That file is not JSON. Choose the file the host console's “Everything (JSON)” button saved.",
  invalid_json: "The request body is not valid JSON.",
  too_large: "The request is too large.",
  unsupported_encoding: "Send the body as UTF-8 JSON.",
  bad_request: "The request could not be read (check the address and body).",
  internal: "Something went wrong on the server. Please try again.",

  // One field of a form or a body; {{field}} is the field's name (FIELD_NAMES)
  field_required: "{{field}} is required.",
  field_too_long: "{{field}} can be at most {{max}} characters.",
  field_too_many_items: "{{field}}: at most {{max}}.",
  field_too_few_items: "{{field}}: at least {{min}}.",
  field_too_small: "{{field}} must be at least {{min}}.",
  field_too_big: "{{field}} must be at most {{max}}.",
  field_one_of: "{{field}} must be one of {{choices}}.",
  field_not_text: "{{field}} must be text.",
  field_not_number: "{{field}} must be a number.",
  field_not_whole_number: "{{field}} must be a whole number.",
  field_not_boolean: "{{field}} must be true or false.",
  field_not_list: "{{field}} must be a list.",
  field_not_object: "{{field}} must be a JSON object.",
  field_not_date_time: "{{field}} must be an ISO 8601 date-time.",
  field_invalid: "{{field}} is not valid.",
  field_not_visible: "{{field}} needs at least one visible character.",
  unknown_fields: "Not a field here: {{names}}.",
  place_missing: "Say which place.",
  nothing_to_change: "Send text, tags or a descriptor to change.",
  move_to_or_by: "Send either a position (to) or places up or down (by).",
} as const;

/** The names fields go by in refusals ("{{field}} is required."). */
export const FIELD_NAMES = {
  title: "Title",
  name: "Name",
  contact: "Contact",
  shareContactWithHost: "Sharing your contact with the host",
  kind: "Offer or need",
  text: "Text",
  tags: "Tags",
  tag: "Each tag",
  category: "Category",
  categories: "Categories",
  exchange: "Exchange",
  urgency: "Urgency",
  when: "When",
  where: "Where",
  place: "Place",
  clientId: "clientId",
  offerId: "offerId",
  needId: "needId",
  phase: "Phase",
  action: "Action",
  template: "Template",
  stageId: "stageId",
  to: "Position",
  by: "Places",
  instructions: "Instructions",
  minutes: "Minutes",
  skipped: "Skipped",
  open: "Open",
  focus: "Focus",
  scope: "Scope",
  seconds: "Seconds",
  participantId: "participantId",
  size: "Group size",
  reason: "Reason",
  locked: "Locked",
  view: "View",
  language: "Language",
  answer: "Answer",
  on: "On",
  confirm: "Confirmation",
  input: "The request",
} as const;

export type RefusalCode = keyof typeof REFUSALS;
export type FieldName = keyof typeof FIELD_NAMES;
export type RefusalParams = Record<string, string | number>;

/** A refusal of one field: which rule it broke, and the values its text needs (field included:
 * a FIELD_NAMES key, or the field's path as sent when it has no name of its own). */
export interface FieldRefusal {
  code: RefusalCode;
  params: RefusalParams & { field: string };
}

/** A refusal as it travels (HTTP body, action data): English text plus what translates it. */
export interface RefusalBody {
  code: string;
  message: string;
  params?: RefusalParams;
  /** Per field, the English text (e.g. { text: "Text is required." }). */
  fields?: Record<string, string>;
  /** Per field, the code and values behind that text. */
  fieldRefusals?: Record<string, FieldRefusal>;
}

const owns = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);
export const isRefusalCode = (code: string): code is RefusalCode => owns(REFUSALS, code);
export const isFieldName = (name: string): name is FieldName => owns(FIELD_NAMES, name);

/** Fills a text's {{placeholders}}; a missing value stays visible rather than vanishing. */
export function fill(template: string, params: Record<string, string | number | undefined>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (params[key] === undefined ? whole : String(params[key])));
}

/** The English text of a refusal. */
export function englishRefusal(code: RefusalCode, params: RefusalParams = {}): string {
  const field = typeof params.field === "string" && isFieldName(params.field) ? FIELD_NAMES[params.field] : params.field;
  return fill(REFUSALS[code], { ...params, field });
}
