/* lmspack player: the learner's state and its saved form.
 *
 * The fields, their keys in the saved form and their largest values are declared
 * once, in lmspack/player/state.json, which reaches the page as course.state; this
 * module encodes and decodes by it, and render/player.py works out from the same
 * file how much room each reflection has (course.limits.reflection). Field types:
 *   page      an index into course.pages; the first page when missing or bad
 *   enum      one of `values`; the first of them when missing or bad
 *   texts     one text per item of course[per], by its id; empty texts not written
 *   choices   option indexes per question, by its id; none chosen not written
 *   flag      1 or 0; with `needs`, true only when every item of that field is set
 *   counts    whole numbers 0 to `max` per interaction id; `memo`: kept for the
 *             session (its interaction bookkeeping), not part of the player's state
 *   ranges    [start, end] pairs, 0 <= start < end <= `max`, joined where they touch;
 *             at most course.limits[count] of them, the shortest forgotten
 *   seconds   a number from `min` to `max`, else 0
 *   date      YYYY-MM-DD, else ''
 *   rating    one of course.confidence.scale, else null
 * `omit`: "empty" leaves the field out when it is empty; a field's name leaves it out
 * when that field is left out. `recording: "file"` marks fields only a video file sets.
 */
(function (root, factory) {
  'use strict';
  var api = factory();
  if (typeof module === 'object' && module.exports) { module.exports = api; }
  else { (root.lmspack = root.lmspack || {}).state = api; }
}(this, function () {
  'use strict';

  function mergeRanges(ranges, most) {
    var out = [];
    ranges.slice().sort(function (a, b) { return a[0] - b[0]; }).forEach(function (r) {
      var last = out[out.length - 1];
      if (last && r[0] <= last[1]) { last[1] = Math.max(last[1], r[1]); }
      else if (r[1] > r[0]) { out.push([r[0], r[1]]); }
    });
    // Over the limit the suspend data allows for, forget the shortest stretches.
    while (out.length > most) {
      var shortest = 0;
      out.forEach(function (r, i) { if (r[1] - r[0] < out[shortest][1] - out[shortest][0]) { shortest = i; } });
      out.splice(shortest, 1);
    }
    return out;
  }

  // Characters a text takes in the saved form (JSON: quotes, line breaks and
  // backslashes take two), counted as JavaScript and the SCORM run-times count them.
  function encodedLength(text) { return JSON.stringify(text).length - 2; }

  // The longest start of `text` whose saved form is at most `budget`, without
  // splitting a surrogate pair.
  function fitted(text, budget) {
    if (encodedLength(text) <= budget) { return text; }
    var lo = 0, hi = text.length;
    while (lo < hi) {
      var mid = Math.ceil((lo + hi) / 2);
      if (encodedLength(text.slice(0, mid)) <= budget) { lo = mid; } else { hi = mid - 1; }
    }
    var code = text.charCodeAt(lo - 1);
    return code >= 0xD800 && code <= 0xDBFF ? text.slice(0, lo - 1) : text.slice(0, lo);
  }

  function isWhole(n, min, max) { return typeof n === 'number' && n % 1 === 0 && n >= min && n <= max; }
  function isEmpty(v) {
    return v === null || v === '' || v === false || (Array.isArray(v) && !v.length);
  }

  // The items a map field is kept for, by id.
  function itemIds(course, per) {
    if (per === 'interactions') {
      return course.reflections.concat(course.confidence ? [course.confidence] : [],
                                       course.questions).map(function (i) { return i.interaction; });
    }
    return course[per].map(function (i) { return i.id; });
  }

  // One codec per field type: empty value, encode (undefined: not written), decode.
  function types(course) {
    var questions = {};
    course.questions.forEach(function (q) { questions[q.id] = q; });
    function eachId(f, value, keep) {
      var out = {};
      itemIds(course, f.per).forEach(function (id) {
        if (value && Object.prototype.hasOwnProperty.call(value, id) && keep(value[id], id)) {
          out[id] = value[id];
        }
      });
      return out;
    }
    return {
      page: { empty: function () { return course.pages[0]; },
              encode: function (f, v) { return course.pages.indexOf(v); },
              decode: function (f, o) { return isWhole(o, 0, course.pages.length - 1) ? course.pages[o] : course.pages[0]; } },
      enum: { empty: function (f) { return f.values[0]; },
              encode: function (f, v) { return v; },
              decode: function (f, o) { return f.values.indexOf(o) >= 0 ? o : f.values[0]; } },
      texts: { empty: function () { return {}; },
               encode: function (f, v) { return eachId(f, v, function (t) { return !!t; }); },
               decode: function (f, o) { return eachId(f, o, function (t) { return typeof t === 'string'; }); } },
      choices: { empty: function () { return {}; },
                 encode: function (f, v) { return eachId(f, v, function (a) { return a && a.length; }); },
                 decode: function (f, o) {
                   var out = {};
                   itemIds(course, f.per).forEach(function (id) {
                     var a = o && o[id];
                     if (Array.isArray(a)) {
                       out[id] = a.filter(function (i) { return isWhole(i, 0, questions[id].options.length - 1); });
                     }
                   });
                   return out;
                 } },
      flag: { empty: function () { return false; },
              encode: function (f, v) { return v ? 1 : 0; },
              decode: function (f, o) { return o === 1; } },
      counts: { empty: function () { return {}; },
                encode: function (f, v) { return eachId(f, v, function (n) { return isWhole(n, 0, Infinity); }); },
                decode: function (f, o) {
                  return o && typeof o === 'object' ? eachId(f, o, function (n) { return isWhole(n, 0, f.max); }) : {};
                } },
      ranges: { empty: function () { return []; },
                encode: function (f, v) { return v; },
                decode: function (f, o) {
                  if (!Array.isArray(o)) { return []; }
                  return mergeRanges(o.filter(function (r) {
                    return Array.isArray(r) && r.length === 2 && isWhole(r[0], 0, f.max) &&
                      isWhole(r[1], 0, f.max) && r[1] > r[0];
                  }), course.limits[f.count]);
                } },
      seconds: { empty: function () { return 0; },
                 encode: function (f, v) { return v; },
                 decode: function (f, o) { return typeof o === 'number' && o >= f.min && o <= f.max ? o : 0; } },
      date: { empty: function () { return ''; },
              encode: function (f, v) { return v; },
              decode: function (f, o) { return typeof o === 'string' && /^\d{4}-\d\d-\d\d$/.test(o) ? o : ''; } },
      rating: { empty: function () { return null; },
                encode: function (f, v) { return v; },
                decode: function (f, o) {
                  var scale = course.confidence ? course.confidence.scale : [];
                  return scale.some(function (s) { return s[0] === o; }) ? o : null;
                } },
    };
  }

  // The codec of one course: its schema is course.state (state.json).
  function codec(course) {
    var schema = course.state, byType = types(course), byName = {};
    schema.fields.forEach(function (f) { byName[f.name] = f; });

    function empty() {
      var st = {};
      schema.fields.forEach(function (f) { if (!f.memo) { st[f.name] = byType[f.type].empty(f); } });
      return st;
    }

    function written(f, value, out) {
      if (f.omit === 'empty') { return !isEmpty(value); }
      if (f.omit) { return byName[f.omit].key in out; }
      return true;
    }

    // The saved form of `st`, with the session's `memo` (its bookkeeping fields).
    function encode(st, memo) {
      var out = {};
      out[schema.versionKey] = schema.version;
      schema.fields.forEach(function (f) {
        var value = f.memo ? (memo || {})[f.name] || byType[f.type].empty(f) : st[f.name];
        if (written(f, value, out)) { out[f.key] = byType[f.type].encode(f, value); }
      });
      return JSON.stringify(out);
    }

    // {state, memo} from a saved form; anything missing, unreadable, of another
    // version or out of range gives the empty value instead.
    function decode(text) {
      var st = empty(), memo = {}, o = null;
      try { o = text ? JSON.parse(text) : null; } catch (e) { o = null; }
      if (!o || typeof o !== 'object' || o[schema.versionKey] !== schema.version) {
        return { state: st, memo: memo };
      }
      schema.fields.forEach(function (f) {
        if (f.omit && f.omit !== 'empty' && !(byName[f.omit].key in o)) { return; }
        var value = byType[f.type].decode(f, o[f.key]);
        if (f.memo) { memo[f.name] = value; } else { st[f.name] = value; }
      });
      schema.fields.forEach(function (f) {  // a flag that needs every item set
        if (!f.needs) { return; }
        st[f.name] = st[f.name] && itemIds(course, byName[f.needs].per).every(function (id) {
          return (st[f.needs][id] || []).length > 0;
        });
      });
      return { state: st, memo: memo };
    }

    var budget = course.limits.reflection;
    return {
      empty: empty, encode: encode, decode: decode, field: function (name) { return byName[name]; },
      budget: budget,
      encodedLength: encodedLength,
      fitted: function (text) { return fitted(text, budget); },
      mergeRanges: function (ranges) { return mergeRanges(ranges, course.limits[byName.played.count]); },
      // Whole seconds as the saved form allows them.
      seconds: function (t) { return Math.min(byName.played.max, Math.max(0, t)); },
    };
  }

  return { codec: codec, encodedLength: encodedLength, fitted: fitted, mergeRanges: mergeRanges };
}));
