// `deadline assessment|appeal|arrange`: the statutory deadlines of shared/domain/deadlines.ts on the command line.
import { WorkingDayCalendar } from '../../shared/domain/calendar';
import { appealDeadlines, arrangeBy, assessmentStartBy } from '../../shared/domain/deadlines';
import { CliUsageError, dateOption as date, parse, type CliCommand } from './args';

export const deadline: CliCommand = {
  usage:
    'deadline assessment --contact VVVV-KK-PP [--urgent] [--under-75] | appeal --sent VVVV-KK-PP --channel letter|electronic | arrange --decided VVVV-KK-PP',
  run(args) {
    const [kind, ...rest] = args;
    switch (kind) {
      case 'assessment': {
        const { values } = parse(rest, { contact: { type: 'string' }, urgent: { type: 'boolean' }, 'under-75': { type: 'boolean' } });
        const contact = date(values.contact, 'contact');
        const r = assessmentStartBy(new WorkingDayCalendar(), contact, { urgent: !!values.urgent, over75OrHighestCareAllowance: !values['under-75'] });
        return { json: { startBy: r.startBy }, text: `Palvelutarpeen arviointi alkaa viimeistään ${r.startBy} (${r.basis}).` };
      }
      case 'appeal': {
        const { values } = parse(rest, { sent: { type: 'string' }, channel: { type: 'string' } });
        const sent = date(values.sent, 'sent');
        if (values.channel !== 'letter' && values.channel !== 'electronic')
          throw new CliUsageError(`--channel on letter tai electronic, nyt "${values.channel ?? ''}".`);
        const r = appealDeadlines(sent, values.channel);
        return { json: r, text: `Tiedoksisaanti ${r.deemedReceived}, oikaisuvaatimus viimeistään ${r.lastDay}.` };
      }
      case 'arrange': {
        const { values } = parse(rest, { decided: { type: 'string' } });
        const r = arrangeBy(date(values.decided, 'decided'));
        return { json: { arrangeBy: r }, text: `Palvelut järjestettävä viimeistään ${r}.` };
      }
      default:
        throw new CliUsageError('Anna määräajan laji: deadline assessment | appeal | arrange.');
    }
  },
};
