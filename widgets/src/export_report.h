// The report of one recorded export as the run page shows it: the file; fp32 and int8 top-1 on the
// data they were measured on; both file sizes and their ratio; engine, observers and calibration;
// the ops left in float with the reason; the error (SQNR) at each block. Everything comes from the
// description the export embedded in its file and recorded in the store, nothing is recomputed.
#pragma once

#include <QString>

namespace hlcnn {

struct ExportRecord;

QString exportReportHtml(const ExportRecord& record);

}  // namespace hlcnn
