import type { FromWebview, ReportViewState } from '../../report/protocol';
import { vscodeApi } from '../vscodeApi';
import { createHistogramChart } from './histogramChart';
import { startReportPage } from './reportPage';

startReportPage(document.getElementById('app') as HTMLElement, vscodeApi<FromWebview, ReportViewState>(), createHistogramChart);
