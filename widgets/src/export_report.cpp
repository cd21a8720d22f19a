#include "export_report.h"

#include "hlcnn/experiments/experiment_store.h"
#include "hlcnn/widgets/number_format.h"

#include <nlohmann/json.hpp>

#include <QCoreApplication>
#include <QFileInfo>

namespace hlcnn {

namespace {

QString esc(const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); }
QString number(const nlohmann::json& v, int decimals) { return v.is_number() ? display::decimal(v.get<double>(), decimals) : QString("–"); }
QString row(const QString& name, const QString& value) { return "<tr><td>" + name + "</td><td>" + value + "</td></tr>"; }

}  // namespace

QString exportReportHtml(const ExportRecord& e) {
    const nlohmann::json d = nlohmann::json::parse(e.description, nullptr, false);
    QString html = QString("<h3>%1 %2 · %3</h3>").arg(esc(e.format), esc(e.precision), QFileInfo(QString::fromStdString(e.path)).fileName().toHtmlEscaped());
    html += "<p>" + esc(e.path) + "<br>" + display::localTime(e.createdAt) + "</p>";
    if (!d.is_object()) return html + "<p>" + QCoreApplication::translate("hlcnn::ExportReport", "The recorded description cannot be read.") + "</p>";
    const nlohmann::json report = d.value("report", nlohmann::json::object());
    html += "<table cellspacing='0' cellpadding='3'>";
    // Sizes: the file, and for int8 the fp32 file of the same checkpoint and the ratio.
    const std::int64_t bytes = e.bytes;
    html += row(QCoreApplication::translate("hlcnn::ExportReport", "File size"), display::mebibytes(bytes) + QString(" (%1 B)").arg(display::count(bytes)));
    if (report.contains("fp32_bytes") && report["fp32_bytes"].is_number_integer() && bytes > 0) {
        const std::int64_t fp32 = report["fp32_bytes"].get<std::int64_t>();
        html += row(QCoreApplication::translate("hlcnn::ExportReport", "fp32 file size"), display::mebibytes(fp32) + QString(" (%1 B)").arg(display::count(fp32)));
        html += row(QCoreApplication::translate("hlcnn::ExportReport", "Size ratio fp32 / int8"), display::decimal(double(fp32) / double(bytes), 2) + " x");
    }
    if (report.contains("eval") && report["eval"].is_object()) {
        const nlohmann::json& ev = report["eval"];
        const QString on = QCoreApplication::translate("hlcnn::ExportReport", "%1 test images of %2").arg(ev.contains("images") ? display::count(ev.value("images", std::int64_t(0))) : QString("?"),
                                                        esc(ev.value("data", std::string())));
        html += row(QCoreApplication::translate("hlcnn::ExportReport", "Measured on"), on);
        html += row(QCoreApplication::translate("hlcnn::ExportReport", "fp32 top-1 / top-5 %"), number(ev.value("fp32_top1", nlohmann::json()), 2) + " / " + number(ev.value("fp32_top5", nlohmann::json()), 2));
        if (ev.contains("int8_top1")) {
            html += row(QCoreApplication::translate("hlcnn::ExportReport", "int8 top-1 / top-5 %"), number(ev["int8_top1"], 2) + " / " + number(ev.value("int8_top5", nlohmann::json()), 2));
            if (ev["int8_top1"].is_number() && ev.value("fp32_top1", nlohmann::json()).is_number())
                html += row(QCoreApplication::translate("hlcnn::ExportReport", "int8 - fp32 top-1"), display::decimal(ev["int8_top1"].get<double>() - ev["fp32_top1"].get<double>(), 2) + QCoreApplication::translate("hlcnn::ExportReport", " points"));
        }
    } else {
        html += row(QCoreApplication::translate("hlcnn::ExportReport", "Accuracy"), QCoreApplication::translate("hlcnn::ExportReport", "not measured (the export was asked not to evaluate)"));
    }
    if (d.contains("engine")) html += row(QCoreApplication::translate("hlcnn::ExportReport", "Engine"), esc(d.value("engine", std::string())));
    if (d.contains("weights")) html += row(QCoreApplication::translate("hlcnn::ExportReport", "Weights"), esc(d.value("weights", std::string())));
    if (d.contains("activations"))
        html += row(QCoreApplication::translate("hlcnn::ExportReport", "Activations"), esc(d.value("activations", std::string())) +
                                                                                         (d.contains("observer") ? " (" + esc(d.value("observer", std::string())) + ")" : QString()));
    if (d.contains("calibration") && d["calibration"].is_object()) {
        const nlohmann::json& c = d["calibration"];
        html += row(QCoreApplication::translate("hlcnn::ExportReport", "Calibration"), QCoreApplication::translate("hlcnn::ExportReport", "%1 batches, %2 images of %3")
                                           .arg(c.value("batches", 0))
                                           .arg(display::count(c.value("images", std::int64_t(0))), esc(c.value("data", std::string()))));
    }
    html += "</table>";
    if (report.contains("float_ops") && report["float_ops"].is_array()) {
        html += "<h4>" + QCoreApplication::translate("hlcnn::ExportReport", "Ops left in float") + "</h4>";
        if (report["float_ops"].empty()) html += "<p>" + QCoreApplication::translate("hlcnn::ExportReport", "none: every op runs in int8") + "</p>";
        else {
            html += "<table cellspacing='0' cellpadding='3'><tr><th align='left'>" + QCoreApplication::translate("hlcnn::ExportReport", "Op") + "</th><th>" + QCoreApplication::translate("hlcnn::ExportReport", "Count") +
                    "</th><th align='left'>" + QCoreApplication::translate("hlcnn::ExportReport", "Why") + "</th></tr>";
            for (const nlohmann::json& f : report["float_ops"])
                html += QString("<tr><td>%1</td><td align='right'>%2</td><td>%3</td></tr>")
                            .arg(esc(f.value("op", std::string())), QString::number(f.value("count", 0)), esc(f.value("reason", std::string())));
            html += "</table>";
        }
    }
    if (report.contains("block_sqnr_db") && report["block_sqnr_db"].is_array() && !report["block_sqnr_db"].empty()) {
        html += "<h4>" + QCoreApplication::translate("hlcnn::ExportReport", "Error at each block (SQNR of the int8 output against fp32; higher is better)") + "</h4>";
        html += "<table cellspacing='0' cellpadding='3'><tr><th align='left'>" + QCoreApplication::translate("hlcnn::ExportReport", "Block") + "</th><th align='left'>" + QCoreApplication::translate("hlcnn::ExportReport", "Op") +
                "</th><th align='right'>" + QCoreApplication::translate("hlcnn::ExportReport", "SQNR (dB)") + "</th></tr>";
        for (const nlohmann::json& b : report["block_sqnr_db"]) {
            const nlohmann::json sqnr = b.value("sqnr_db", nlohmann::json());
            html += QString("<tr><td>%1</td><td>%2</td><td align='right'>%3</td></tr>")
                        .arg(esc(b.value("block", std::string())), esc(b.value("op", std::string())),
                             sqnr.is_number() ? display::decimal(sqnr.get<double>(), 1) : QCoreApplication::translate("hlcnn::ExportReport", "exact"));
        }
        html += "</table>";
    }
    return html;
}

}  // namespace hlcnn
