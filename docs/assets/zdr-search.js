// Loaded by zdr-lazy-index.js when the reader first turns to search, before the
// index reaches the search worker.
//
// Search survives any query. Material's search runs lunr in a web worker, and
// lunr's query syntax lets one short query hang it: `zdr~99999` asks for every
// word within 99999 edits, which the worker computes for ever, and every later
// query waits behind it. Other queries make lunr throw (`a~b`, `title:text:a`).
//
// Material 9 has no query hook (its `__search.transform` went away in 9.0). It
// does document the messages between the page and its search worker (a custom
// worker may replace its own); this script rewrites the text of each query
// message on its way to the worker, before lunr sees it. The search box keeps
// what the reader typed. Ordinary queries (words in either language, paths such
// as /v1/messages/batches, numbers) pass through unchanged.
(function () {
  "use strict";
  if (typeof Worker === "undefined") return;
  var SETUP = 0;            // SearchMessageType.SETUP in Material 9
  var QUERY = 2;            // SearchMessageType.QUERY in Material 9
  var MAX_LENGTH = 200;     // characters of the query kept
  var MAX_TERMS = 20;       // whitespace-separated terms kept
  var MAX_EDIT = 1;         // lunr's fuzzy search cost grows as length ^ (edits + 1)
  var MAX_BOOST = 100;
  var FIELDS = { title: true, text: true, tags: true }; // the fields of Material's index
  // English pages: a plural or an inflected form finds its word ("models" finds
  // "model", "deleted" finds "delete"). The index is not stemmed (lunr does not
  // stem the wildcard terms Material searches with), so the query is cut back to
  // the common beginning and searched as a prefix.
  var ENGLISH = document.documentElement.lang === "en";
  var ENDINGS = [/ies$/, /ing$/, /ed$/, /es$/, /s$/];

  function stem(word) {
    if (!ENGLISH || !/^[A-Za-z]{5,}$/.test(word) || /(ss|us|is)$/i.test(word)) return null;
    for (var i = 0; i < ENDINGS.length; i++) {
      if (ENDINGS[i].test(word)) {
        var base = word.replace(ENDINGS[i], "");
        return base.length >= 3 ? base : null;
      }
    }
    return null;
  }

  // One whitespace-separated term: [+|-] [field:] word [*] [~N] [^N]
  function tameTerm(term) {
    var presence = /^[+-]/.test(term) ? term.charAt(0) : "";
    var body = term.replace(/^[+-]+/, "");
    var cut = body.search(/[~^]/);
    var word = cut < 0 ? body : body.slice(0, cut);
    var modifiers = cut < 0 ? "" : body.slice(cut);
    // `\` escapes in lunr's syntax; nothing on this site is found by one.
    word = word.replace(/\\/g, "");
    // A known field may lead; any other colon is a separator, as Material treats it.
    var field = "";
    var colon = word.indexOf(":");
    if (colon >= 0 && FIELDS[word.slice(0, colon)] === true) {
      field = word.slice(0, colon + 1);
      word = word.slice(colon + 1);
    }
    word = word.replace(/:/g, " ").trim();
    // Only a trailing wildcard: a leading or inner one makes lunr walk every word.
    var trailing = /\*$/.test(word);
    word = word.replace(/\*/g, "");
    if (/\s/.test(word)) return tameQuery(presence + word); // the colon split it
    if (!word) return "";
    var fuzzy = /~(\d*)/.exec(modifiers);
    var boost = /\^(\d*)/.exec(modifiers);
    var out = presence + field + word;
    var base = fuzzy || boost || field ? null : stem(word);
    if (fuzzy) {
      out += "~" + Math.min(fuzzy[1] === "" ? 1 : Number(fuzzy[1]), MAX_EDIT);
    } else if (base && !presence) {
      // The word as typed (Material highlights it on the page) or its beginning.
      out = word + " " + base + "*";
    } else if (trailing) {
      out += "*";
    }
    if (boost) out += "^" + Math.max(1, Math.min(boost[1] === "" ? 1 : Number(boost[1]), MAX_BOOST));
    return out;
  }

  // lunr's English stop words: the index leaves them out of every page (its
  // stopWordFilter), but Material searches each query word as a prefix, which
  // lunr does not filter: "a" became "a*" and matched every word that begins with
  // an a, so "fetch a URL" ranked any text full of "arrangement" and "ask" above
  // web fetch. A query of stop words alone is searched as it is.
  var STOP_WORDS = {};
  ("a able about across after all almost also am among an and any are as at be because been but by " +
   "can cannot could dear did do does either else ever every for from get got had has have he her hers " +
   "him his how however i if in into is it its just least let like likely may me might most must my " +
   "neither no nor not of off often on only or other our own rather said say says she should since so " +
   "some than that the their them then there these they this tis to too twas us wants was we were what " +
   "when where which while who whom why will with would yet you your").split(" ").forEach(function (w) {
    STOP_WORDS[w] = true;
  });

  // Japanese has no spaces: a particle or an ending between two words
  // (ウェブページの取得, 取得する) is its own word in the index (の is in most
  // titles), so it is taken out as the English stop words are.
  var PARTICLES = {};
  ("の を は が に で と へ や も か から まで より する した して します される されます " +
   "されますか ます ますか です ですか できる できますか").split(" ").forEach(function (w) {
    PARTICLES[w] = true;
  });
  var HIRAGANA_RUN = /[\u3041-\u309f]+/g;
  // A verb of one kanji and its ending (使えますか, 呼べますか, 使いたい): the
  // kanji alone is the beginning of many words (使 of 使用, in "Computer use").
  var ONE_KANJI_VERB = /(^|[^\u3400-\u9fff々])[\u3400-\u9fff々][\u3041-\u309f]*(?:ますか|ですか|ません|ます|たい)(?![\u3041-\u309f])/g;

  function withoutStopWords(terms) {
    var kept = terms.map(function (term) {
      if (ENGLISH) return STOP_WORDS[term.toLowerCase()] === true ? "" : term;
      return term.replace(ONE_KANJI_VERB, "$1 ")
        .replace(HIRAGANA_RUN, function (run) { return PARTICLES[run] === true ? " " : run; });
    }).join(" ").split(/\s+/).filter(Boolean);
    return kept.length ? kept : terms;
  }

  // Material cuts each run of kanji in a query into the words its index knows,
  // but never tries the run's whole length: 取得 became 取 (a prefix of 取り決め,
  // in many titles) and 機能 became 機. One more kanji-script mark at the end of the
  // run (々, the iteration mark, which starts no word) lets it try the whole run;
  // the mark itself is never part of the words it finds.
  var KANJI_RUN = /[\u3400-\u9fff\uf900-\ufaff々]+/g;

  function wholeKanjiRuns(text) {
    // A single kanji has nothing to cut (and 年 alone is no word of the index).
    return text.replace(KANJI_RUN, function (run) { return run.length > 1 ? run + "々" : run; });
  }

  // A number is a word of its own, matched whole: Material searches every word as
  // a prefix, so "2" found 29, 24 and 2026 (the changelog's dates first). A boost
  // of 1 changes no score but keeps Material from adding its wildcard. 2年 is the
  // number and the word after it.
  function exactNumbers(terms) {
    var out = [];
    terms.forEach(function (term) {
      var parts = /^(\d+)([^\x00-\x7F].*)?$/.exec(term);
      if (!parts) { out.push(term); return; }
      out.push(parts[1] + "^1");
      if (parts[2]) out.push(parts[2]);
    });
    return out;
  }

  function tameQuery(query) {
    // Array.from counts characters, not UTF-16 halves: no pair is cut in two.
    var text = wholeKanjiRuns(Array.from(String(query)).slice(0, MAX_LENGTH).join(""));
    return exactNumbers(withoutStopWords(text.split(/\s+/).filter(Boolean))).slice(0, MAX_TERMS)
      .map(tameTerm).filter(Boolean).join(" ");
  }

  // A query in the other language's script (Japanese on an English page, Latin
  // letters alone on a Japanese one) gets a link to the same search in that
  // language's pages, in that language's words (the reader typed in it): the
  // language menu's own link (its offer, data-zdr-search, and its address) with
  // the query, which Material opens as a search (?q=, search.share).
  var JAPANESE = /[\u3041-\u30ff\u3400-\u9fff々]/;
  function offerOtherLanguage(query) {
    var other = ENGLISH ? "ja" : "en";
    var menu = document.querySelector('a.md-select__link[hreflang="' + other + '"]');
    var results = document.querySelector(".md-search-result");
    var meta = results && results.querySelector(".md-search-result__meta");
    if (!menu || !meta) return;
    var offer = results.querySelector(".zdr-search-other");
    var wanted = query.trim() !== "" && (ENGLISH ? JAPANESE.test(query) : !JAPANESE.test(query) && /[A-Za-z]{2,}/.test(query));
    if (!wanted) {
      if (offer) offer.hidden = true;
      return;
    }
    if (!offer) {
      offer = document.createElement("a");
      offer.className = "zdr-search-other";
      offer.hreflang = other;
      offer.lang = other;
      offer.textContent = menu.getAttribute("data-zdr-search") || menu.textContent.trim();
      meta.insertAdjacentElement("afterend", offer);
    }
    var url = new URL(menu.href, location.href);
    url.search = "?q=" + encodeURIComponent(query);
    url.hash = "";
    offer.href = url.href;
    offer.hidden = false;
  }

  // The index reaches the worker when the reader first turns to search
  // (zdr-lazy-index.js); a query before it would be answered with nothing, and
  // Material sends the query again once the index is ready.
  var indexSent = false;
  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (message && message.type === SETUP) indexSent = true;
    if (message && message.type === QUERY && !indexSent) return undefined;
    if (message && message.type === QUERY && typeof message.data === "string") {
      var args = Array.prototype.slice.call(arguments);
      var tamed;
      try {
        tamed = tameQuery(message.data);
      } catch (err) {
        tamed = ""; // never let a query through untamed
      }
      args[0] = { type: QUERY, data: tamed };
      offerOtherLanguage(String(message.data));
      return post.apply(this, args);
    }
    return post.apply(this, arguments);
  };
})();
