// briefgen: search that finds Russian and English word forms («санкциями» finds «санкции»,
// "policies" finds "policy") in Material for MkDocs 9.8 search.
//
// Why here: Material's search worker appends `*` to every query term, and lunr runs no
// stemmer on wildcard terms, so turning on lunr's stemmer breaks exact words. Material has
// no hook for its query transform, but its page script talks to the worker only through
// Worker.postMessage (a SETUP message with the index, then one QUERY message per keystroke).
// This script wraps postMessage (on the prototype, so it also covers the worker created
// before this script ran, and the iframe-worker shim used from file://) and:
//   * query side: each word becomes the longest common prefix of the word and its stem
//     («санкциями» -> «санкц», "policies" -> "polici"), which Material then matches as a
//     prefix, so every exact word and every prefix that matched before still matches;
//   * index side: two extra fields, `stems_title` and `stems_text`, hold the stems and clean
//     words that a prefix query could not reach in the original text, because the stem is not
//     a prefix of the word ("policy" -> "polici"), the word carries punctuation ("(КНДР)",
//     «санкции»), or it is written with «ё»;
//   * result links: Material passes the matched query terms to the page it opens (`?h=treati`)
//     and marks them there as text, so a stem that is not how the page spells the word ("treati"
//     for "treaty") marks nothing. Each result link's `h` becomes the words of that page which
//     the terms matched ("treaty treaties"), which Material's highlighter then marks.
// The stemmers are our own implementations of the Snowball Russian stemmer and the Porter
// English stemmer (checked against lunr's: the same stems for 14,000 Russian and 96,000 English
// words). Nothing is fetched and nothing of Material's is touched but postMessage, so it works
// over http and from file://; if anything throws, the original message is sent unchanged.
// `window.briefgenSearch` exposes the functions for the browser tests.
(function (root) {
  "use strict";

  /* ------------------------------------------------------------------ Russian (Snowball) */
  var RU_VOWELS = "аеиоуыэюя";
  var PERFECTIVE_GERUND_1 = new Set(["в", "вши", "вшись"]);
  var PERFECTIVE_GERUND_2 = new Set(["ив", "ивши", "ившись", "ыв", "ывши", "ывшись"]);
  var ADJECTIVE = new Set(["ее", "ие", "ые", "ое", "ими", "ыми", "ей", "ий", "ый", "ой", "ем", "им", "ым", "ом",
    "его", "ого", "ему", "ому", "их", "ых", "ую", "юю", "ая", "яя", "ою", "ею"]);
  var PARTICIPLE_1 = new Set(["ем", "нн", "вш", "ющ", "щ"]);
  var PARTICIPLE_2 = new Set(["ивш", "ывш", "ующ"]);
  var REFLEXIVE = new Set(["ся", "сь"]);
  var VERB_1 = new Set(["ла", "на", "ете", "йте", "ли", "й", "л", "ем", "н", "ло", "но", "ет", "ют", "ны", "ть",
    "ешь", "нно"]);
  var VERB_2 = new Set(["ила", "ыла", "ена", "ейте", "уйте", "ите", "или", "ыли", "ей", "уй", "ил", "ыл", "им",
    "ым", "ен", "ило", "ыло", "ено", "ят", "ует", "уют", "ит", "ыт", "ены", "ить", "ыть", "ишь", "ую", "ю"]);
  var NOUN = new Set(["а", "ев", "ов", "ие", "ье", "е", "иями", "ями", "ами", "еи", "ии", "и", "ией", "ей", "ой",
    "ий", "й", "иям", "ям", "ием", "ем", "ам", "ом", "о", "у", "ах", "иях", "ях", "ы", "ь", "ию", "ью",
    "ю", "ия", "ья", "я"]);
  var DERIVATIONAL = new Set(["ост", "ость"]);
  var N_ENDING = new Set(["н"]);
  var SOFT_SIGN = new Set(["ь"]);
  var SUPERLATIVE = new Set(["ейш", "ейше"]);

  function isRuVowel(ch) { return RU_VOWELS.indexOf(ch) >= 0; }

  // Snowball's `among`: the longest ending from `groups` (sets of endings) that ends `word` at or
  // after `limit`; returns [group number, ending] or null. Only the longest ending is tried.
  var MAX_ENDING = 6;
  function longestEnding(word, limit, groups) {
    for (var len = Math.min(MAX_ENDING, word.length - limit); len > 0; len--) {
      var ending = word.slice(word.length - len);
      for (var g = 0; g < groups.length; g++) {
        if (groups[g].has(ending)) return [g, ending];
      }
    }
    return null;
  }

  // Group-1 endings must follow «а» or «я» (inside RV); the whole ending then goes.
  function removeEnding(word, limit, group1, group2) {
    var found = longestEnding(word, limit, [group1, group2]);
    if (!found) return null;
    var stem = word.slice(0, word.length - found[1].length);
    if (found[0] === 0) {
      var before = stem.charAt(stem.length - 1);
      if (stem.length - 1 < limit || (before !== "а" && before !== "я")) return null;
    }
    return stem;
  }

  function stemRussian(word) {
    var rv = word.length, r2 = word.length, i = 0, n = word.length;
    while (i < n && !isRuVowel(word.charAt(i))) i++;
    if (i < n) {
      rv = i + 1;
      i = rv;
      while (i < n && isRuVowel(word.charAt(i))) i++;      // R1 starts after the first non-vowel
      i++;
      while (i < n && !isRuVowel(word.charAt(i))) i++;
      while (i < n && isRuVowel(word.charAt(i))) i++;
      if (i < n) r2 = i + 1;
    }
    // Step 1
    var w = removeEnding(word, rv, PERFECTIVE_GERUND_1, PERFECTIVE_GERUND_2);
    if (w === null) {
      w = word;
      var refl = longestEnding(w, rv, [REFLEXIVE]);
      if (refl) w = w.slice(0, w.length - refl[1].length);
      var adj = longestEnding(w, rv, [ADJECTIVE]);
      if (adj) {
        w = w.slice(0, w.length - adj[1].length);
        var part = removeEnding(w, rv, PARTICIPLE_1, PARTICIPLE_2);
        if (part !== null) w = part;
      } else {
        var verb = removeEnding(w, rv, VERB_1, VERB_2);
        if (verb !== null) w = verb;
        else {
          var noun = longestEnding(w, rv, [NOUN]);
          if (noun) w = w.slice(0, w.length - noun[1].length);
        }
      }
    }
    // Step 2
    if (w.length > rv && w.charAt(w.length - 1) === "и") w = w.slice(0, -1);
    // Step 3: derivational ending, wholly in R2
    var der = longestEnding(w, rv, [DERIVATIONAL]);
    if (der && w.length - der[1].length >= r2) w = w.slice(0, w.length - der[1].length);
    // Step 4
    var tidy = longestEnding(w, rv, [SUPERLATIVE, N_ENDING, SOFT_SIGN]);
    if (tidy) {
      if (tidy[0] === 0) {
        w = w.slice(0, w.length - tidy[1].length);
        if (w.length - 2 >= rv && w.slice(-2) === "нн") w = w.slice(0, -1);
      } else if (tidy[0] === 1) {
        if (w.length - 2 >= rv && w.slice(-2) === "нн") w = w.slice(0, -1);
      } else {
        w = w.slice(0, -1);
      }
    }
    return w;
  }

  /* ------------------------------------------------------------------ English (Porter) */
  function isConsonant(w, i) {
    var ch = w.charAt(i);
    if ("aeiou".indexOf(ch) >= 0) return false;
    if (ch === "y") return i === 0 || !isConsonant(w, i - 1);
    return true;
  }
  // m(): the number of vowel-consonant sequences in w[0, end).
  function measure(w, end) {
    var m = 0, i = 0;
    while (i < end && isConsonant(w, i)) i++;
    while (i < end) {
      while (i < end && !isConsonant(w, i)) i++;
      if (i >= end) break;
      while (i < end && isConsonant(w, i)) i++;
      m++;
    }
    return m;
  }
  function hasVowel(w, end) {
    for (var i = 0; i < end; i++) if (!isConsonant(w, i)) return true;
    return false;
  }
  function endsDoubleConsonant(w) {
    var n = w.length;
    return n >= 2 && w.charAt(n - 1) === w.charAt(n - 2) && isConsonant(w, n - 1);
  }
  // *o: stem ends consonant-vowel-consonant, the last not w, x or y.
  function endsCvc(w) {
    var n = w.length;
    if (n < 3 || !isConsonant(w, n - 1) || isConsonant(w, n - 2) || !isConsonant(w, n - 3)) return false;
    return "wxy".indexOf(w.charAt(n - 1)) < 0;
  }
  function ends(w, s) { return w.length >= s.length && w.slice(-s.length) === s; }

  // Replace the longest matching suffix from `rules` ([suffix, replacement]) when m(stem) > min.
  function replaceSuffix(w, rules, min) {
    var best = null;
    for (var i = 0; i < rules.length; i++) {
      if (ends(w, rules[i][0]) && (best === null || rules[i][0].length > best[0].length)) best = rules[i];
    }
    if (best === null) return w;
    var stemEnd = w.length - best[0].length;
    return measure(w, stemEnd) > min ? w.slice(0, stemEnd) + best[1] : w;
  }

  var STEP2 = [["ational", "ate"], ["tional", "tion"], ["enci", "ence"], ["anci", "ance"], ["izer", "ize"],
    ["bli", "ble"], ["alli", "al"], ["entli", "ent"], ["eli", "e"], ["ousli", "ous"], ["ization", "ize"],
    ["ation", "ate"], ["ator", "ate"], ["alism", "al"], ["iveness", "ive"], ["fulness", "ful"],
    ["ousness", "ous"], ["aliti", "al"], ["iviti", "ive"], ["biliti", "ble"], ["logi", "log"]];
  var STEP3 = [["icate", "ic"], ["ative", ""], ["alize", "al"], ["iciti", "ic"], ["ical", "ic"], ["ful", ""],
    ["ness", ""]];
  var STEP4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou",
    "ism", "ate", "iti", "ous", "ive", "ize"];

  function stemEnglish(word) {
    if (word.length < 3) return word;
    var w = word;
    // Step 1a
    if (ends(w, "sses") || ends(w, "ies")) w = w.slice(0, -2);
    else if (!ends(w, "ss") && ends(w, "s")) w = w.slice(0, -1);
    // Step 1b
    if (ends(w, "eed")) {
      if (measure(w, w.length - 3) > 0) w = w.slice(0, -1);
    } else {
      var cut = ends(w, "ed") ? 2 : ends(w, "ing") ? 3 : 0;
      if (cut && hasVowel(w, w.length - cut)) {
        w = w.slice(0, -cut);
        if (ends(w, "at") || ends(w, "bl") || ends(w, "iz")) w += "e";
        else if (endsDoubleConsonant(w) && "lsz".indexOf(w.charAt(w.length - 1)) < 0) w = w.slice(0, -1);
        else if (measure(w, w.length) === 1 && endsCvc(w)) w += "e";
      }
    }
    // Step 1c, as revised by Porter: y -> i after a consonant that is not the first letter
    // (cry -> cri, by -> by, say -> say)
    if (w.length > 2 && ends(w, "y") && "aeiou".indexOf(w.charAt(w.length - 2)) < 0) w = w.slice(0, -1) + "i";
    // Steps 2 and 3
    w = replaceSuffix(w, STEP2, 0);
    w = replaceSuffix(w, STEP3, 0);
    // Step 4
    var best = null;
    for (var i = 0; i < STEP4.length; i++) {
      if (ends(w, STEP4[i]) && (best === null || STEP4[i].length > best.length)) best = STEP4[i];
    }
    if (best !== null) {
      var end = w.length - best.length;
      if (measure(w, end) > 1 && (best !== "ion" || /[st]/.test(w.charAt(end - 1)))) w = w.slice(0, end);
    }
    // Step 5a
    if (ends(w, "e")) {
      var m = measure(w, w.length - 1);
      if (m > 1 || (m === 1 && !endsCvc(w.slice(0, -1)))) w = w.slice(0, -1);
    }
    // Step 5b
    if (ends(w, "ll") && measure(w, w.length) > 1) w = w.slice(0, -1);
    return w;
  }

  /* ------------------------------------------------------------------ words and stems */
  var WORD = /[0-9A-Za-z\u00C0-\u024F\u0400-\u04FF]+/g;
  var CYRILLIC = /^[а-яё]+$/;
  var LATIN = /^[a-z]+$/;
  var stemCache = new Map();

  function normalize(word) { return word.toLowerCase().replace(/ё/g, "е"); }

  /** The stem of a lower-case word: Snowball for Russian, Porter for English, else the word. */
  function stem(word) {
    var cached = stemCache.get(word);
    if (cached !== undefined) return cached;
    var result = CYRILLIC.test(word) ? stemRussian(word) : LATIN.test(word) ? stemEnglish(word) : word;
    if (stemCache.size > 50000) stemCache.clear();
    stemCache.set(word, result);
    return result;
  }

  function commonPrefix(a, b) {
    var i = 0;
    while (i < a.length && i < b.length && a.charAt(i) === b.charAt(i)) i++;
    return a.slice(0, i);
  }

  /** What a query word is searched as (Material appends `*`): the part it shares with its stem. */
  function queryTerm(word) {
    var w = normalize(word);
    var reduced = commonPrefix(w, stem(w));
    return reduced.length < 3 && reduced.length < w.length ? w : reduced;
  }

  // One whitespace-free piece of the query. Pieces with lunr syntax (wildcards, fuzzy, boosts,
  // fields) are the reader's own and pass unchanged; a leading + or - stays on every word.
  // Pieces with letters of other scripts (Chinese, Korean) are left to Material as well.
  function transformPiece(piece) {
    if (/[*~^:]/.test(piece) || /\p{L}/u.test(piece.replace(WORD, ""))) return piece;
    var sign = /^[+-]/.test(piece) ? piece.charAt(0) : "";
    var words = piece.slice(sign.length).match(WORD);
    if (!words) return piece;
    if (words.length > 1) {  // "o'brien", "1960-х": single letters would match nearly everything
      words = words.filter(function (w) { return w.length > 1; });
      if (!words.length) return piece;
    }
    return words.map(function (w) { return sign + queryTerm(w); }).join(" ");
  }

  /** The query the worker gets: every word cut to its stem; quotes and spacing are kept. */
  function transformQuery(query) {
    return query.replace(/[^\s"]+/g, transformPiece);
  }

  function plainText(html) {
    return String(html).replace(/<[^>]*>/g, " ").replace(/&[a-z]+;|&#\d+;/gi, " ");
  }

  /** Extra index terms for `html`: the words and stems a prefix search of the text would miss. */
  function extraTerms(html, separator) {
    var out = new Set();
    plainText(html).split(separator).forEach(function (token) {
      var raw = token.toLowerCase();
      var words = raw.match(WORD);
      if (!words) return;
      words.forEach(function (word) {
        var w = normalize(word);
        var s = stem(w);
        if (raw.indexOf(w) !== 0) out.add(w);
        if (raw.indexOf(s) !== 0 && w.indexOf(s) !== 0) out.add(s);
      });
    });
    return Array.from(out).join(" ");
  }

  /** The SETUP message's index with the two stem fields added (a copy; `index` is not changed). */
  function expandIndex(index) {
    var config = index.config;
    var separator = new RegExp(config.separator || "[\\s\\-]+");
    var fields = Object.assign({}, config.fields);
    var titleBoost = (fields.title && fields.title.boost) || 1;
    var textBoost = (fields.text && fields.text.boost) || 1;
    fields.stems_title = { boost: titleBoost };
    fields.stems_text = { boost: textBoost };
    var docs = index.docs.map(function (doc) {
      var copy = Object.assign({}, doc);
      copy.stems_title = extraTerms(doc.title || "", separator);
      copy.stems_text = extraTerms(doc.text || "", separator);
      return copy;
    });
    return Object.assign({}, index, { config: Object.assign({}, config, { fields: fields }), docs: docs });
  }

  /* ------------------------------------------------------------------ landing highlight */
  var pageWords = new Map();  // page path (no #) -> its distinct words, lower case, from the index

  function rememberPages(docs) {
    var texts = new Map();
    docs.forEach(function (doc) {
      var path = String(doc.location || "").split("#")[0];
      texts.set(path, (texts.get(path) || "") + " " + plainText(doc.title || "") + " " + plainText(doc.text || ""));
    });
    pageWords = new Map();
    texts.forEach(function (text, path) {
      pageWords.set(path, Array.from(new Set(text.toLowerCase().match(WORD) || [])));
    });
  }

  /** The words of `path` that the search terms `terms` (as the worker matched them) stand for:
   *  a word matches a term when the word or its stem starts with it, as in the index. */
  function landingWords(path, terms, limit) {
    var words = pageWords.get(path);
    if (!words || !terms.length) return [];
    var found = [];
    for (var i = 0; i < words.length && found.length < (limit || 12); i++) {
      var w = normalize(words[i]);
      var s = stem(w);
      for (var k = 0; k < terms.length; k++) {
        if (w.indexOf(terms[k]) === 0 || s.indexOf(terms[k]) === 0) { found.push(words[i]); break; }
      }
    }
    return found;
  }

  /** A result link's `h`: the page's own word forms when known, else left as Material wrote it. */
  function fixResultLink(link) {
    var url;
    try { url = new URL(link.href); } catch (e) { return; }
    var h = url.searchParams.get("h");
    if (!h || link.getAttribute("data-bg-h") === h) return;
    // The index names pages from the site's root (`brief/x.html`): the longest that ends the link's path.
    var pathname = decodeURIComponent(url.pathname), path = null;
    pageWords.forEach(function (_, key) {
      if ((pathname === "/" + key || pathname.slice(-key.length - 1) === "/" + key) &&
          (path === null || key.length > path.length)) path = key;
    });
    if (path === null) return;
    var terms = h.toLowerCase().split(/\s+/).filter(function (term) { return term && !/[^0-9a-zа-яё]/.test(term); })
      .map(normalize);
    var words = landingWords(path, terms);
    if (!words.length) return;
    url.searchParams.set("h", words.join(" "));
    link.href = url.toString();
    link.setAttribute("data-bg-h", url.searchParams.get("h"));
  }

  function watchResults() {
    var list = document.querySelector(".md-search-result__list");
    if (!list || typeof MutationObserver !== "function") return;
    new MutationObserver(function () {
      list.querySelectorAll("a.md-search-result__link").forEach(fixResultLink);
    }).observe(list, { childList: true, subtree: true });
  }

  // Material's messages: {type: 0, data: {config, docs, options}} sets the index up,
  // {type: 2, data: "query"} searches. Recognised by shape, so other workers are untouched.
  function rewrite(message) {
    if (!message || typeof message !== "object") return message;
    var data = message.data;
    if (message.type === 0 && data && data.config && Array.isArray(data.docs) && data.config.fields) {
      rememberPages(data.docs);
      return Object.assign({}, message, { data: expandIndex(data) });
    }
    if (message.type === 2 && typeof data === "string") {
      return Object.assign({}, message, { data: transformQuery(data) });
    }
    return message;
  }

  var api = {
    stem: stem, stemRussian: stemRussian, stemEnglish: stemEnglish, queryTerm: queryTerm,
    transformQuery: transformQuery, extraTerms: extraTerms, expandIndex: expandIndex, rewrite: rewrite,
    rememberPages: rememberPages, landingWords: landingWords
  };
  root.briefgenSearch = api;

  if (typeof document !== "undefined") {
    // The search box and its result list belong to the header, which instant navigation keeps.
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watchResults);
    else watchResults();
  }

  var Worker = root.Worker;
  if (typeof Worker !== "function" || !Worker.prototype || Worker.prototype.postMessage.briefgenSearch) return;
  var original = Worker.prototype.postMessage;
  var patched = function (message) {
    var args = Array.prototype.slice.call(arguments);
    try {
      args[0] = rewrite(message);
    } catch (err) {
      if (root.console) root.console.warn("briefgen search: sending the unchanged message", err);
      args[0] = message;
    }
    return original.apply(this, args);
  };
  patched.briefgenSearch = true;
  Worker.prototype.postMessage = patched;
})(typeof window !== "undefined" ? window : globalThis);
