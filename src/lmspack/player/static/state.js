/* lmspack player: the learner's state and its saved form, encoded and decoded by the
 * schema in player/state.json (course.state; its field types are described in
 * docs/player.md). Bad stored data gives each field's empty value.
 */
(function (ns) {
  'use strict';

  // Sorted, joined where they touch; over `most`, the shortest forgotten.
  function mergeRanges(ranges, most) {
    var out = [];
    ranges.slice().sort((a, b) => a[0] - b[0]).forEach((r) => {
      var last = out[out.length - 1];
      if (last && r[0] <= last[1]) { last[1] = Math.max(last[1], r[1]); }
      else if (r[1] > r[0]) { out.push([r[0], r[1]]); }
    });
    while (out.length > most) {
      var shortest = 0;
      out.forEach((r, i) => { if (r[1] - r[0] < out[shortest][1] - out[shortest][0]) { shortest = i; } });
      out.splice(shortest, 1);
    }
    return out;
  }

  // Characters a text takes saved (JSON escapes take two), in UTF-16 units.
  function encodedLength(text) { return JSON.stringify(text).length - 2; }

  // Cut to `max` without splitting a surrogate pair.
  function cut(text, max) {
    var code = text.charCodeAt(max - 1);
    return text.slice(0, code >= 0xD800 && code <= 0xDBFF ? max - 1 : max);
  }

  // The longest start of `text` whose saved form is at most `budget`.
  function fitted(text, budget) {
    if (encodedLength(text) <= budget) { return text; }
    var lo = 0, hi = text.length;
    while (lo < hi) {
      var mid = Math.ceil((lo + hi) / 2);
      if (encodedLength(text.slice(0, mid)) <= budget) { lo = mid; } else { hi = mid - 1; }
    }
    return cut(text, lo);
  }

  var isWhole = (n, min, max) => typeof n === 'number' && n % 1 === 0 && n >= min && n <= max;
  var isEmpty = (v) => v === null || v === '' || v === false || (Array.isArray(v) && !v.length);
  var same = (f, v) => v;

  // The ids of the items a map field is kept for.
  function itemIds(course, per) {
    if (per === 'interactions') {
      return course.reflections.concat(course.confidence ? [course.confidence] : [],
                                       course.questions).map((i) => i.interaction);
    }
    return course[per].map((i) => i.id);
  }

  // Per field type: empty value, encode (undefined: not written), decode.
  function types(course) {
    var questions = {}, pages = course.pages;
    course.questions.forEach((q) => { questions[q.id] = q; });
    function eachId(f, value, keep) {
      var out = {};
      itemIds(course, f.per).forEach((id) => {
        if (value && Object.prototype.hasOwnProperty.call(value, id) && keep(value[id], id)) {
          out[id] = value[id];
        }
      });
      return out;
    }
    var map = () => ({});
    return {
      page: { empty: () => pages[0], encode: (f, v) => pages.indexOf(v),
              decode: (f, o) => pages[isWhole(o, 0, pages.length - 1) ? o : 0] },
      enum: { empty: (f) => f.values[0], encode: (f, v) => v,
              decode: (f, o) => (f.values.indexOf(o) >= 0 ? o : f.values[0]) },
      texts: { empty: map, encode: (f, v) => eachId(f, v, (t) => !!t),
               decode: (f, o) => eachId(f, o, (t) => typeof t === 'string') },
      choices: { empty: map, encode: (f, v) => eachId(f, v, (a) => a && a.length),
                 decode: (f, o) => {
                   var out = {};
                   itemIds(course, f.per).forEach((id) => {
                     var a = o && o[id];
                     if (Array.isArray(a)) {
                       out[id] = a.filter((i) => isWhole(i, 0, questions[id].options.length - 1));
                     }
                   });
                   return out;
                 } },
      flag: { empty: () => false, encode: (f, v) => (v ? 1 : 0), decode: (f, o) => o === 1 },
      counts: { empty: map, encode: (f, v) => eachId(f, v, (n) => isWhole(n, 0, Infinity)),
                decode: (f, o) => (o && typeof o === 'object'
                  ? eachId(f, o, (n) => isWhole(n, 0, f.max)) : {}) },
      ranges: { empty: () => [], encode: same,
                decode: (f, o) => (Array.isArray(o) ? mergeRanges(o.filter((r) =>
                  Array.isArray(r) && r.length === 2 && isWhole(r[0], 0, f.max) &&
                  isWhole(r[1], 0, f.max) && r[1] > r[0]), course.limits[f.count]) : []) },
      seconds: { empty: () => 0, encode: same,
                 decode: (f, o) => (typeof o === 'number' && o >= f.min && o <= f.max ? o : 0) },
      date: { empty: () => '', encode: same,
              decode: (f, o) => (typeof o === 'string' && /^\d{4}-\d\d-\d\d$/.test(o) ? o : '') },
      rating: { empty: () => null, encode: same,
                decode: (f, o) => ((course.confidence ? course.confidence.scale : [])
                  .some((s) => s[0] === o) ? o : null) },
    };
  }

  function codec(course) {
    var schema = course.state, byType = types(course), byName = {};
    schema.fields.forEach((f) => { byName[f.name] = f; });

    function empty() {
      var st = {};
      schema.fields.forEach((f) => { if (!f.memo) { st[f.name] = byType[f.type].empty(f); } });
      return st;
    }

    // The saved form of `st`, with the session's `memo` (its bookkeeping fields).
    function encode(st, memo) {
      var out = {};
      out[schema.versionKey] = schema.version;
      schema.fields.forEach((f) => {
        var value = f.memo ? (memo || {})[f.name] || byType[f.type].empty(f) : st[f.name];
        var written = f.omit === 'empty' ? !isEmpty(value) : !f.omit || byName[f.omit].key in out;
        if (written) { out[f.key] = byType[f.type].encode(f, value); }
      });
      return JSON.stringify(out);
    }

    // {state, memo} from a saved form.
    function decode(text) {
      var st = empty(), memo = {}, o = null;
      try { o = text ? JSON.parse(text) : null; } catch (e) { o = null; }
      if (!o || typeof o !== 'object' || o[schema.versionKey] !== schema.version) {
        return { state: st, memo: memo };
      }
      schema.fields.forEach((f) => {
        if (f.omit && f.omit !== 'empty' && !(byName[f.omit].key in o)) { return; }
        var value = byType[f.type].decode(f, o[f.key]);
        if (f.memo) { memo[f.name] = value; } else { st[f.name] = value; }
      });
      schema.fields.forEach((f) => {  // a flag that needs every item set
        if (f.needs) {
          st[f.name] = st[f.name] &&
            itemIds(course, byName[f.needs].per).every((id) => (st[f.needs][id] || []).length > 0);
        }
      });
      return { state: st, memo: memo };
    }

    var budget = course.limits.reflection, played = byName.played;
    return {
      empty: empty, encode: encode, decode: decode, field: (name) => byName[name],
      budget: budget, encodedLength: encodedLength,
      fitted: (text) => fitted(text, budget),
      mergeRanges: (ranges) => mergeRanges(ranges, course.limits[played.count]),
      seconds: (t) => Math.min(played.max, Math.max(0, t)),  // whole seconds the saved form allows
    };
  }

  ns.state = { codec: codec, encodedLength: encodedLength, fitted: fitted, cut: cut,
               mergeRanges: mergeRanges };
}(typeof module === 'object' ? module.exports : (window.lmspack = window.lmspack || {})));
