// The texts a widget paints, where they land and at which angle: a paint device whose engine
// records every text item (QWidget::render drives it as it drives the screen, PDF or SVG), so a
// test reads the labels a person would read, independent of the widget's own bookkeeping.
#pragma once

#include <QPaintDevice>
#include <QPaintEngine>
#include <QPainter>
#include <QTextItem>
#include <QWidget>

#include <cmath>
#include <vector>

namespace hlcnn::test {

struct PaintedText {
    QString text;
    QPointF at;        // the text's origin in the widget's coordinates
    double degrees;    // 0: left to right; -90: upwards
};

class TextRecordingDevice : public QPaintDevice {
public:
    explicit TextRecordingDevice(QSize size) : size_(size) {}
    QPaintEngine* paintEngine() const override { return &engine_; }
    std::vector<PaintedText> texts() const { return engine_.texts; }

protected:
    int metric(PaintDeviceMetric m) const override {
        switch (m) {
        case PdmWidth: return size_.width();
        case PdmHeight: return size_.height();
        case PdmWidthMM: return size_.width() * 254 / 960;
        case PdmHeightMM: return size_.height() * 254 / 960;
        case PdmDpiX: case PdmDpiY: case PdmPhysicalDpiX: case PdmPhysicalDpiY: return 96;
        case PdmDepth: return 32;
        case PdmNumColors: return 1 << 24;
        case PdmDevicePixelRatio: return 1;
        case PdmDevicePixelRatioScaled: return int(devicePixelRatioFScale());
        default: return 0;
        }
    }

private:
    class Engine : public QPaintEngine {
    public:
        Engine() : QPaintEngine(QPaintEngine::AllFeatures) {}
        bool begin(QPaintDevice*) override { return true; }
        bool end() override { return true; }
        void updateState(const QPaintEngineState&) override {}
        void drawPixmap(const QRectF&, const QPixmap&, const QRectF&) override {}
        void drawTextItem(const QPointF& p, const QTextItem& item) override {
            const QTransform t = painter()->combinedTransform();
            const QPointF origin = t.map(p), along = t.map(p + QPointF(1, 0)) - origin;
            texts.push_back({item.text(), origin, std::atan2(along.y(), along.x()) * 180 / M_PI});
        }
        Type type() const override { return QPaintEngine::User; }
        std::vector<PaintedText> texts;
    };
    QSize size_;
    mutable Engine engine_;
};

inline std::vector<PaintedText> paintedTexts(QWidget& widget) {
    TextRecordingDevice device(widget.size());
    widget.render(&device);
    return device.texts();
}

}  // namespace hlcnn::test
