/**
 * The page script of the live-sound-sync rows (#40), as text (tsx would name its functions with a helper the page lacks):
 * every sound piece the page schedules (`__camrelayOnSound`) and picture it draws (`__camrelayOnDraw`) of `yard`, each
 * with Date.now(). WebCodecs' AudioDecoder is wrapped to keep, per output, the capture time of the chunk it came of:
 * Chromium stamps its outputs by counting samples from the first chunk's timestamp, so after a lost frame or a capture
 * clock's re-anchor the page's `capturedAt` is not the frame's; each AAC frame decodes to one output, in order.
 */
export const SOUND_TAP = `
  var w = window;
  w.__pieces = []; w.__draws = []; w.__fed = []; w.__fedNow = null;
  w.__camrelayOnSound = function (s) {
    if (s.cameraId === 'yard') w.__pieces.push(Object.assign({}, s, { wall: Date.now(), fed: w.__fedNow }));
  };
  w.__camrelayOnDraw = function (m, latencyMs) {
    if (m.cameraId === 'yard') w.__draws.push({ capturedAt: m.capturedAt, latencyMs: latencyMs, wall: Date.now(), codec: m.codec ? 'h264' : 'jpeg' });
  };
  var AD = w.AudioDecoder;
  if (typeof AD === 'function') {
    var Tapped = function (init) {
      var fifo = [];
      var d = new AD(Object.assign({}, init, { output: function (data) { w.__fedNow = fifo.length ? fifo.shift() : null; init.output(data); } }));
      var decode = d.decode.bind(d);
      d.decode = function (chunk) { fifo.push(chunk.timestamp / 1000); w.__fed.push([chunk.timestamp / 1000, Date.now()]); decode(chunk); };
      return d;
    };
    Tapped.prototype = AD.prototype;
    Tapped.isConfigSupported = AD.isConfigSupported;
    w.AudioDecoder = Tapped;
  }
`;
