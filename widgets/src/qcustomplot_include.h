// QCustomPlot's header uses Qt's `signals`/`slots`/`foreach` keywords, which every target here
// turns off (QT_NO_KEYWORDS, for LibTorch): spell them for this header only.
#pragma once

#ifndef signals
#define signals Q_SIGNALS
#define HLCNN_UNDEF_SIGNALS
#endif
#ifndef slots
#define slots Q_SLOTS
#define HLCNN_UNDEF_SLOTS
#endif
#ifndef foreach
#define foreach Q_FOREACH
#define HLCNN_UNDEF_FOREACH
#endif
#include <qcustomplot.h>
#ifdef HLCNN_UNDEF_FOREACH
#undef foreach
#undef HLCNN_UNDEF_FOREACH
#endif
#ifdef HLCNN_UNDEF_SIGNALS
#undef signals
#undef HLCNN_UNDEF_SIGNALS
#endif
#ifdef HLCNN_UNDEF_SLOTS
#undef slots
#undef HLCNN_UNDEF_SLOTS
#endif
