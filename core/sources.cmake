# Torch-free part of core: graph spec, JSON, op registry and op definitions, analysis, profiler.
# Listed separately so the fuzz target can build it with sanitizers and without LibTorch.
set(HLCNN_CORE_GRAPH_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/src/attrs.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/number_text.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/recipe.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/messages.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/graph.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/graph_json.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/op_registry.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/ops/convolution.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/ops/normalization.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/ops/activation.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/ops/pooling.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/ops/head.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/ops/merge.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/ops/attention.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/ops/fusion.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/ops/composite_blocks.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/analysis.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/profiler.cpp
)
