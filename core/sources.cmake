# Torch-free part of core: graph spec, JSON, op registry, analysis, profiler.
# Listed separately so the fuzz target can build it with sanitizers and without LibTorch.
set(HLCNN_CORE_GRAPH_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/src/attrs.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/number_text.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/graph.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/graph_json.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/op_registry.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/ops_primitive.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/ops_composite.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/analysis.cpp
  ${CMAKE_CURRENT_LIST_DIR}/src/profiler.cpp
)
