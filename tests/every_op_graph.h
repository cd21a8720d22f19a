// A graph with one node of every primitive and composite op, shared by the builder and export tests.
#pragma once

#include "hlcnn/core/graph_json.h"

// Its output is the classifier; a test that wants every node can make them all outputs.
inline hlcnn::Graph everyOp() {
    hlcnn::Graph g = hlcnn::graphFromJson(R"({"format":"hlcnn-graph/1","name":"every_op","input":[3,16,16],"nodes":[
      {"id":"stem.0","op":"conv2d","inputs":["input"],"attrs":{"out_channels":12,"bias":true}},
      {"id":"stem.1","op":"batchnorm","inputs":["stem.0"]},
      {"id":"a1","op":"relu6","inputs":["stem.1"]},
      {"id":"a2","op":"hardswish","inputs":["a1"]},
      {"id":"a3","op":"hardsigmoid","inputs":["a2"]},
      {"id":"a4","op":"silu","inputs":["a3"]},
      {"id":"a5","op":"sigmoid","inputs":["a4"]},
      {"id":"a6","op":"relu","inputs":["a5"]},
      {"id":"dw","op":"depthwise_conv","inputs":["a6"],"attrs":{"multiplier":2,"kernel":5,"dilation":2}},
      {"id":"pw","op":"pointwise_conv","inputs":["dw"],"attrs":{"out_channels":12,"groups":3}},
      {"id":"mp","op":"maxpool","inputs":["pw"],"attrs":{"kernel":3,"stride":2,"ceil_mode":true}},
      {"id":"ap","op":"avgpool","inputs":["pw"],"attrs":{"kernel":2}},
      {"id":"add","op":"add","inputs":["mp","ap","ap"]},
      {"id":"cat","op":"concat","inputs":["add","ap"]},
      {"id":"shuf","op":"channel_shuffle","inputs":["cat"],"attrs":{"groups":3}},
      {"id":"split","op":"channel_split","inputs":["shuf"],"attrs":{"parts":2,"index":1}},
      {"id":"se","op":"channel_attention","inputs":["split"],"attrs":{"reduction":2,"delta":"silu","gate":"hardsigmoid"}},
      {"id":"eca","op":"eca","inputs":["se"]},
      {"id":"fuse","op":"fusion","inputs":["eca","pw"],"attrs":{"mode":"channel","alpha":0.7,"beta":0.3}},
      {"id":"up","op":"fusion","inputs":["pw","fuse"]},
      {"id":"dws","op":"dwsep_block","inputs":["up"],"attrs":{"out_channels":16}},
      {"id":"ir","op":"inverted_residual","inputs":["dws"],"attrs":{"out_channels":16}},
      {"id":"mb","op":"mbconv","inputs":["ir"],"attrs":{"out_channels":16,"se":true,"kernel":5}},
      {"id":"bt","op":"bottleneck","inputs":["mb"],"attrs":{"out_channels":24,"stride":2,"attention":"eca"}},
      {"id":"fire","op":"fire","inputs":["bt"],"attrs":{"squeeze":8,"expand1x1":12,"expand3x3":12}},
      {"id":"s1","op":"shufflenet_v1_unit","inputs":["fire"],"attrs":{"out_channels":48,"groups":3,"stride":2}},
      {"id":"s2","op":"shufflenet_v2_unit","inputs":["s1"],"attrs":{"out_channels":48}},
      {"id":"gh","op":"ghost_bottleneck","inputs":["s2"],"attrs":{"mid_channels":64,"out_channels":32,"se_ratio":0.25}},
      {"id":"bb","op":"basic_block","inputs":["gh"],"attrs":{"out_channels":40}},
      {"id":"hl","op":"hlcnn_block","inputs":["bb"],"attrs":{"out_channels":48,"attention":"se","fusion_mode":"channel"}},
      {"id":"gap","op":"global_avgpool","inputs":["hl"]},
      {"id":"flat","op":"flatten","inputs":["gap"]},
      {"id":"drop","op":"dropout","inputs":["flat"],"attrs":{"p":0.1}},
      {"id":"fc","op":"linear","inputs":["drop"],"attrs":{"out_features":7}}],"outputs":["fc"]})");
    return g;
}
