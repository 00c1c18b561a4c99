/**
 * When and where a card can happen, as the text says it (the descriptors `when` and `where` are
 * read the same way): cue ids start with "@" so they never collide with a concept. Members per
 * language, comma-separated, compared after stemming like the lexicon's.
 */
import type { ConceptEntry } from "./matching-lexicon.ts";

export type CueEntry = Omit<ConceptEntry, "parent" | "action">;

export const CUES: Record<string, CueEntry> = {
  "@weekend": {
    en: "weekend, weekends, saturday, saturdays, sunday, sundays",
    es: "fin de semana, fines de semana, sábado, sábados, domingo, domingos, finde",
    de: "wochenende, wochenenden, samstag, samstags, sonntag, sonntags, samstagen",
    fr: "week end, weekend, week ends, samedi, samedis, dimanche, dimanches",
  },
  "@weekday": {
    en: "weekday, weekdays, mon, tue, tues, wed, weds, thu, thur, thurs, fri, monday, mondays, tuesday, tuesdays, wednesday, wednesdays, thursday, thursdays, friday, fridays, during the week, working days",
    es: "entre semana, lunes, martes, miércoles, jueves, viernes, días laborables",
    de: "wochentags, werktags, unter der woche, montag, montags, dienstag, dienstags, mittwoch, mittwochs, donnerstag, donnerstags, freitag, freitags",
    fr: "en semaine, lundi, lundis, mardi, mardis, mercredi, mercredis, jeudi, jeudis, vendredi, vendredis, jours ouvrables",
  },
  "@morning": {
    en: "morning, mornings, early",
    es: "mañana, mañanas, por la mañana, temprano",
    de: "morgen, morgens, vormittag, vormittags, früh",
    fr: "matin, matins, matinée, le matin, tôt",
  },
  "@afternoon": {
    en: "afternoon, afternoons, lunchtime, lunch time",
    es: "tarde, tardes, por la tarde, mediodía",
    de: "nachmittag, nachmittags, mittags, mittag",
    fr: "après midi, midi",
  },
  "@evening": {
    en: "evening, evenings, night, nights, after work, tonight",
    es: "noche, noches, por la noche, después del trabajo",
    de: "abend, abends, nachts, nach der arbeit, feierabend",
    fr: "soir, soirs, soirée, soirées, le soir, après le travail",
  },
  "@online": {
    en: "online, remote, remotely, virtual, virtually, zoom, video call, over video, skype, ms teams, microsoft teams, by phone, over the phone",
    es: "online, en línea, a distancia, virtual, por videollamada, videollamada, por zoom, por teléfono",
    de: "online, per video, videoanruf, virtuell, aus der ferne, remote, per zoom, telefonisch",
    fr: "en ligne, à distance, distanciel, en visio, visio, par zoom, par téléphone",
  },
  "@in_person": {
    en: "in person, face to face, at my place, at your place, come round, come over, at my house, at your house, on site, home visit, door to door",
    es: "en persona, presencial, cara a cara, en mi casa, en tu casa, a domicilio",
    de: "persönlich, vor ort, bei mir, bei dir, zu hause, hausbesuch, von angesicht",
    fr: "en personne, en présentiel, présentiel, sur place, chez moi, chez vous, à domicile, face à face",
  },
};
