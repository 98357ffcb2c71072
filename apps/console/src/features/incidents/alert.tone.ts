/**
 * The alert for a new Extreme/Severe incident: two short tones generated with WebAudio (no audio file to
 * fetch; the console works offline). Browsers start an AudioContext only after a user gesture; the
 * login click counts, so by the time incidents arrive it can play.
 */
let ctx: AudioContext | null = null;

export function playAlertTone(): void {
  try {
    ctx ??= new AudioContext();
    const now = ctx.currentTime;
    for (const [i, freq] of [880, 660].entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'square';
      osc.frequency.value = freq;
      const t0 = now + i * 0.22;
      gain.gain.setValueAtTime(0.0001, t0);
      gain.gain.exponentialRampToValueAtTime(0.15, t0 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.2);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0);
      osc.stop(t0 + 0.21);
    }
  } catch {
    // No audio device (headless, kiosk without sound): the visual pulse still flags it.
  }
}
