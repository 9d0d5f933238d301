import { useEffect, useState } from 'preact/hooks';
import {
  beatLetters,
  holter,
  letterOf,
  type BeatLetter,
  type HolterEvent,
  type HolterStrip,
  type HolterSummary,
  type HolterTemplate,
} from '../api/holter';
import { t, tEnum, useLocale } from '../i18n';
import { reportError } from '../messages';
import { StripPaper } from './HolterStrip';

/** Full disclosure pages by the minute: six rows of 10 s of one lead. */
const PAGE_S = 60;
const ROW_S = 10;
const EVENT_STRIP_S = 10;

/** Seconds from the start as h:mm:ss (a recording is up to a few days, so hours are not wrapped). */
export function elapsed(s: number): string {
  const whole = Math.max(0, Math.floor(s));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const sec = whole % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
}

/** The recorder's clock at `s` seconds from its start (ISO local time, no zone), as HH:mm:ss; null without a start. */
export function clock(start: string | null, s: number): string | null {
  if (!start) {
    return null;
  }
  const [d, time] = start.split('T');
  const [y, mo, da] = d.split('-').map(Number);
  const [h, mi, se] = (time ?? '0:0:0').split(':').map(Number);
  // computed in UTC so that the browser's zone does not move the recorder's local time
  const at = new Date(Date.UTC(y, mo - 1, da, h, mi, Math.floor(se || 0)) + Math.floor(s) * 1000);
  return at.toISOString().slice(11, 19);
}

/** "h:mm:ss", "mm:ss" or whole seconds from the start; NaN when it is none of them. */
export function parseElapsed(text: string): number {
  const parts = text.trim().split(':');
  if (parts.length > 3 || parts.some((p) => !/^\d+$/.test(p))) {
    return NaN;
  }
  return parts.reduce((acc, p) => acc * 60 + Number(p), 0);
}

function when(summary: HolterSummary, s: number): string {
  const c = clock(summary.start, s);
  return c ? `${c} (+${elapsed(s)})` : `+${elapsed(s)}`;
}

const fixed = (v: number | null | undefined, digits = 0) => (v === null || v === undefined ? '—' : v.toFixed(digits));

interface Props {
  studyUid: string;
  /** GET /holter as the task page read it. */
  initial: HolterSummary;
  /** The reader holds the task: the templates can be relabelled. */
  canRelabel: boolean;
}

/**
 * The Holter review of a study (24-hour ambulatory ECG): the report's figures, the hourly table, the event list with
 * each event's strip, full disclosure by the minute and the templates with their relabelling. A relabel answers the
 * new summary, which replaces the one shown; events and strips are read again, as their beat classes follow it.
 */
export function HolterReview({ studyUid, initial, canRelabel }: Props) {
  useLocale();
  const [summary, setSummary] = useState(initial);
  // bumped after each relabel: what was read from the earlier analysis is read again
  const [version, setVersion] = useState(0);
  const duration = summary.frames / summary.sampleRateHz;
  return (
    <section class="holter-review" aria-label={t('holter.title')} data-study={studyUid}>
      {summary.criticalFindings && summary.criticalFindings.length > 0 && (
        <div class="ecg-critical" role="alert" data-testid="holter-critical">
          <strong>{t('ecg.critical')}</strong>
          <ul>
            {summary.criticalFindings.map((f) => (
              <li data-code={f.code}>
                {f.zh} <span class="en">{f.en}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <SummaryBlock summary={summary} />
      <div class="holter-columns">
        <HourlyTable summary={summary} />
        <Templates
          summary={summary}
          canRelabel={canRelabel}
          onRelabel={async (template, beatClass) => {
            try {
              setSummary(await holter.relabelTemplate(studyUid, template, beatClass));
              setVersion((v) => v + 1);
            } catch (e) {
              reportError(e);
            }
          }}
        />
      </div>
      <Events studyUid={studyUid} summary={summary} version={version} />
      <Disclosure studyUid={studyUid} summary={summary} duration={duration} version={version} />
    </section>
  );
}

function SummaryBlock({ summary: s }: { summary: HolterSummary }) {
  const hr = s.heartRate;
  const at = (minute: number | null) => (minute === null ? '' : ` · ${when(s, minute * 60)}`);
  const figures: [string, string, string][] = [
    ['total', t('holter.totalBeats'), String(s.beats.total)],
    ['hrMin', t('holter.hrMin'), `${fixed(hr.minBpm)}${at(hr.minMinute)}`],
    ['hrMean', t('holter.hrMean'), fixed(hr.meanBpm)],
    ['hrMax', t('holter.hrMax'), `${fixed(hr.maxBpm)}${at(hr.maxMinute)}`],
    ['longestPause', t('holter.longestPause'), s.pauses.longestS === null ? '—' : t('holter.pauseValue', { s: s.pauses.longestS.toFixed(2), n: s.pauses.count })],
    ['ventricular', t('holter.ventricular'), String(s.beats.VENTRICULAR)],
    ['vCoupletsRuns', t('holter.vCoupletsRuns'), `${s.ventricular.couplets} / ${s.ventricular.runs}`],
    ['supraventricular', t('holter.supraventricular'), String(s.beats.SUPRAVENTRICULAR)],
    ['sCoupletsRuns', t('holter.sCoupletsRuns'), `${s.supraventricular.couplets} / ${s.supraventricular.runs}`],
    ['afBurden', t('holter.afBurden'), s.afBurdenPercent === null ? '—' : `${s.afBurdenPercent.toFixed(1)}%`],
    ['sdnn', t('holter.sdnn'), fixed(s.hrv.sdnnMs, 1)],
    ['rmssd', t('holter.rmssd'), fixed(s.hrv.rmssdMs, 1)],
  ];
  return (
    <section class="holter-summary" aria-labelledby="holter-summary-title">
      <h3 id="holter-summary-title">
        {t('holter.summary')}{' '}
        <span class="sub">
          {t('holter.recorded', { time: elapsed(s.recordedS), analysed: elapsed(s.analysedS), leads: s.leads.join(', ') })}
        </span>
      </h3>
      <dl data-testid="holter-summary">
        {figures.map(([key, label, value]) => (
          <div data-figure={key}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function HourlyTable({ summary: s }: { summary: HolterSummary }) {
  return (
    <div class="holter-hourly">
      <table class="ecg-measurements" data-testid="holter-hourly">
        <caption>{t('holter.hourly')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('holter.hour')}</th>
            <th scope="col">{t('holter.beats')}</th>
            <th scope="col">{t('holter.min')}</th>
            <th scope="col">{t('holter.mean')}</th>
            <th scope="col">{t('holter.max')}</th>
          </tr>
        </thead>
        <tbody>
          {s.hourly.map((h) => (
            <tr data-hour={h.hour}>
              <th scope="row">{clock(s.start, h.hour * 3600)?.slice(0, 5) ?? `+${h.hour}h`}</th>
              <td>{h.beats}</td>
              <td>{fixed(h.minBpm)}</td>
              <td>{fixed(h.meanBpm)}</td>
              <td>{fixed(h.maxBpm)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface TemplatesProps {
  summary: HolterSummary;
  canRelabel: boolean;
  onRelabel: (template: number, beatClass: BeatLetter) => Promise<void>;
}

function Templates({ summary, canRelabel, onRelabel }: TemplatesProps) {
  const templates = [...summary.templates].sort((a, b) => b.members - a.members);
  return (
    <div class="holter-templates">
      <table class="ecg-measurements" data-testid="holter-templates">
        <caption>{t('holter.templates')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('holter.template')}</th>
            <th scope="col">{t('holter.class')}</th>
            <th scope="col">{t('holter.members')}</th>
            <th scope="col">{t('holter.qrs')}</th>
            {canRelabel && <th scope="col">{t('holter.relabel')}</th>}
          </tr>
        </thead>
        <tbody>
          {templates.map((tp) => (
            <TemplateRow template={tp} canRelabel={canRelabel} onRelabel={onRelabel} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TemplateRow({ template: tp, canRelabel, onRelabel }: { template: HolterTemplate } & Omit<TemplatesProps, 'summary'>) {
  const [choice, setChoice] = useState<BeatLetter>(letterOf[tp.label]);
  const [busy, setBusy] = useState(false);
  useEffect(() => setChoice(letterOf[tp.label]), [tp.label]);
  const selectId = `holter-relabel-${tp.id}`;
  return (
    <tr data-template={tp.id} data-label={tp.label}>
      <th scope="row">#{tp.id}</th>
      <td class="class">
        {tEnum('holter.classOf', tp.label)}
        {tp.relabelled && <span class="sub"> {t('holter.relabelled', { from: tEnum('holter.classOf', tp.automaticLabel) })}</span>}
      </td>
      <td class="members">{tp.members}</td>
      <td>{fixed(tp.qrsMs)}</td>
      {canRelabel && (
        <td class="relabel">
          <label for={selectId} class="visually-hidden">{t('holter.relabelTemplate', { id: tp.id })}</label>
          <select id={selectId} value={choice} onChange={(e) => setChoice(e.currentTarget.value as BeatLetter)}>
            {beatLetters.map((l) => (
              <option value={l}>{l} · {tEnum('holter.letter', l)}</option>
            ))}
          </select>{' '}
          <button
            type="button"
            disabled={busy || choice === letterOf[tp.label]}
            aria-label={t('holter.relabelApply', { id: tp.id })}
            onClick={async () => {
              setBusy(true);
              await onRelabel(tp.id, choice);
              setBusy(false);
            }}
          >
            {t('holter.apply')}
          </button>
        </td>
      )}
    </tr>
  );
}

const eventKey = (e: HolterEvent) => `${e.type}@${e.frame}`;

function Events({ studyUid, summary, version }: { studyUid: string; summary: HolterSummary; version: number }) {
  const [events, setEvents] = useState<HolterEvent[] | null>(null);
  // an event by what it is, not by its place: a relabel may add or remove events before it
  const [chosen, setChosen] = useState<string | null>(null);
  const [strip, setStrip] = useState<HolterStrip | null>(null);
  useEffect(() => {
    let gone = false;
    holter.events(studyUid).then((e) => !gone && setEvents(e), (e) => !gone && reportError(e));
    return () => {
      gone = true;
    };
  }, [studyUid, version]);
  const event = chosen !== null && events ? events.find((e) => eventKey(e) === chosen) : undefined;
  useEffect(() => {
    if (!event) {
      setStrip(null);
      return;
    }
    let gone = false;
    holter.strip(studyUid, event.stripStartSeconds, EVENT_STRIP_S).then((s) => !gone && setStrip(s), (e) => !gone && reportError(e));
    return () => {
      gone = true;
    };
  }, [studyUid, event?.stripStartSeconds, version]);

  return (
    <section class="holter-events" aria-labelledby="holter-events-title">
      <h3 id="holter-events-title">{t('holter.events')}</h3>
      {!events ? (
        <p class="loading">{t('app.loading')}</p>
      ) : events.length === 0 ? (
        <p>{t('holter.noEvents')}</p>
      ) : (
        <ol class="holter-event-list" data-testid="holter-events">
          {events.map((e) => (
            <li>
              <button type="button" aria-pressed={chosen === eventKey(e)} data-type={e.type} data-strip-start={e.stripStartSeconds}
                onClick={() => setChosen(chosen === eventKey(e) ? null : eventKey(e))}>
                <span class="type">{tEnum('holter.event', e.type)}</span>{' '}
                <span class="at">{when(summary, e.seconds)}</span>{' '}
                <span class="sub">
                  {[
                    e.durationSeconds > 0 ? t('holter.seconds', { s: e.durationSeconds.toFixed(2) }) : '',
                    e.beats ? t('holter.beatCount', { n: e.beats }) : '',
                    e.bpm ? t('holter.bpm', { v: Math.round(e.bpm) }) : '',
                  ].filter(Boolean).join(' · ')}
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
      {event && strip && (
        <figure class="holter-event-strip">
          <figcaption data-testid="holter-event-time">
            {tEnum('holter.event', event.type)} · {t('holter.stripFrom', { from: when(summary, strip.startSeconds), s: strip.seconds.toFixed(0) })}
          </figcaption>
          <StripPaper
            strip={strip}
            rows={strip.leads.map((l) => ({ lead: l.name, fromS: 0 }))}
            label={t('holter.eventStripLabel', { type: tEnum('holter.event', event.type), from: when(summary, strip.startSeconds) })}
            testId="holter-event-strip"
          />
        </figure>
      )}
    </section>
  );
}

interface DisclosureProps {
  studyUid: string;
  summary: HolterSummary;
  duration: number;
  version: number;
}

function Disclosure({ studyUid, summary, duration, version }: DisclosureProps) {
  const [start, setStart] = useState(0);
  const [lead, setLead] = useState(summary.leads.includes('II') ? 'II' : summary.leads[0]);
  const [typed, setTyped] = useState(elapsed(0));
  const [invalid, setInvalid] = useState(false);
  const [strip, setStrip] = useState<HolterStrip | null>(null);
  const lastPage = Math.max(0, Math.floor((duration - 1e-6) / PAGE_S) * PAGE_S);
  useEffect(() => {
    let gone = false;
    // the strip needs at least 10 s: the last page starts no later than 10 s before the end
    const from = Math.max(0, Math.min(start, duration - ROW_S));
    holter.strip(studyUid, from, PAGE_S, [lead]).then((s) => !gone && setStrip(s), (e) => !gone && reportError(e));
    return () => {
      gone = true;
    };
  }, [studyUid, start, lead, version]);
  const go = (s: number) => {
    const page = Math.min(lastPage, Math.max(0, s));
    setStart(page);
    setTyped(elapsed(page));
    setInvalid(false);
  };
  const rows = strip
    ? Array.from({ length: Math.ceil(strip.seconds / ROW_S) }, (_, i) => ({
        lead: strip.leads[0]?.name ?? lead,
        fromS: i * ROW_S,
        label: `${strip.leads[0]?.name ?? lead} ${clock(summary.start, strip.startSeconds + i * ROW_S) ?? '+' + elapsed(strip.startSeconds + i * ROW_S)}`,
      }))
    : [];
  return (
    <section class="holter-disclosure" aria-labelledby="holter-disclosure-title">
      <h3 id="holter-disclosure-title">{t('holter.disclosure')}</h3>
      <form
        class="ecg-toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          const s = parseElapsed(typed);
          if (Number.isNaN(s) || s >= duration) {
            setInvalid(true);
          } else {
            go(s);
          }
        }}
      >
        <button type="button" onClick={() => go(start - PAGE_S)} disabled={start <= 0}>{t('holter.prevMinute')}</button>
        <label>
          {t('holter.goTo')}{' '}
          <input type="text" inputMode="numeric" size={9} value={typed} aria-invalid={invalid} aria-describedby="holter-goto-hint"
            data-testid="holter-goto" onInput={(e) => setTyped(e.currentTarget.value)} />
        </label>
        <button type="submit">{t('holter.go')}</button>
        <button type="button" onClick={() => go(start + PAGE_S)} disabled={start >= lastPage}>{t('holter.nextMinute')}</button>
        <label>
          {t('holter.lead')}{' '}
          <select value={lead} onChange={(e) => setLead(e.currentTarget.value)}>
            {summary.leads.map((l) => (
              <option value={l}>{l}</option>
            ))}
          </select>
        </label>
        <span id="holter-goto-hint" class={invalid ? 'error' : 'sub'} aria-live="polite">
          {invalid ? t('holter.goToInvalid', { max: elapsed(duration) }) : t('holter.goToHint', { max: elapsed(duration) })}
        </span>
      </form>
      {strip && (
        <StripPaper strip={strip} rows={rows} testId="holter-disclosure-strip"
          label={t('holter.disclosureLabel', { lead, from: when(summary, strip.startSeconds) })} />
      )}
    </section>
  );
}
