/*
 * Baton's serverless part (FDK platform 3.0): forwards ticket group changes to Baton, which records a move no
 * handoff explains as a silent transfer. Plain JavaScript for the FDK's Node runtime; no dependencies.
 * The webhook secret travels only in the forwardTicketUpdate template's header; nothing here logs it.
 */

/** How long to wait before the one retry Baton's "nothing was changed" answer allows. */
var RETRY_DELAY_MS = 1000;

/** A group id as Baton takes it: a whole number, or null for "no group". */
function groupId(value) {
  if (value === null || value === undefined || value === '') return null;
  var number = typeof value === 'number' ? value : Number(String(value).trim());
  return Number.isInteger(number) ? number : undefined;
}

/** The ticket id Baton keys escalations by (the number agents see), or null. */
function ticketIdOf(ticket) {
  var id = ticket && ticket.id;
  if (typeof id === 'number' && Number.isInteger(id) && id > 0) return id;
  if (typeof id === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(id.trim())) return id.trim();
  return null;
}

/** Who moved the ticket, as Freshservice reports it (Baton records it as reported through the webhook secret). */
function actorOf(actor) {
  if (!actor || actor.id === undefined || actor.id === null) return null;
  var reported = { id: String(actor.id).slice(0, 64) };
  var name = typeof actor.name === 'string' ? actor.name.trim() : '';
  if (name) reported.name = name.slice(0, 200);
  return reported;
}

/** The [from, to] of a `changes.group_id` entry, or null when it is not a pair of group ids. */
function pairOf(change) {
  return Array.isArray(change) && change.length === 2 ? [groupId(change[0]), groupId(change[1])] : null;
}

/** The move between two different groups, or null. */
function groupMove(changes) {
  var pair = pairOf(changes && changes.group_id);
  if (!pair || pair.indexOf(undefined) !== -1 || pair[0] === pair[1]) return null;
  return pair;
}

/**
 * The body for POST /v1/webhooks/freshservice when the update moved the ticket to another group; null for
 * every other update (status, priority, agent… changes), which Baton does not need.
 */
function groupChangeOf(payload) {
  var data = (payload && payload.data) || {};
  var move = groupMove(data.changes);
  var ticketId = ticketIdOf(data.ticket);
  if (!move || ticketId === null) return null;
  var body = { ticketId: ticketId, changes: { group_id: move } };
  var actor = actorOf(data.actor);
  if (actor) body.actor = actor;
  return body;
}

/** Baton's error code in a rejection's body, if it has one. */
function batonCode(failure) {
  try {
    var body = typeof failure.response === 'string' ? JSON.parse(failure.response) : failure.response;
    return (body && body.error && body.error.code) || null;
  } catch {
    return null;
  }
}

/** What to log about a failure: status, source and Baton's code, never headers or bodies (no secret can leak). */
function describe(failure) {
  var f = failure || {};
  return 'status ' + (f.status === undefined ? 'none' : f.status) + ', source ' + (f.errorSource || 'unknown') + ', code ' + (batonCode(f) || 'none');
}

function wait(ms) {
  return new Promise(function (resolve) {
    setTimeout(resolve, ms);
  });
}

/**
 * Sends the change once; repeats it once only when Baton answered 503 "unavailable", which guarantees
 * nothing was recorded. The template has maxAttempts 1: a repeat after any other failure could record
 * the same move twice.
 */
async function forward(body) {
  var options = { body: JSON.stringify(body) };
  try {
    return await $request.invokeTemplate('forwardTicketUpdate', options);
  } catch (failure) {
    if (!failure || failure.status !== 503 || batonCode(failure) !== 'unavailable') throw failure;
    await wait(RETRY_DELAY_MS);
    return $request.invokeTemplate('forwardTicketUpdate', options);
  }
}

exports = {
  /** Freshservice's onTicketUpdate: forwards a group change, ignores the rest; a failure is logged, not thrown. */
  onTicketUpdateHandler: async function (payload) {
    var body = groupChangeOf(payload);
    if (!body) return;
    try {
      await forward(body);
    } catch (failure) {
      console.error('Baton: could not forward the group change of ticket ' + body.ticketId + ' (' + describe(failure) + ')');
    }
  },
};
