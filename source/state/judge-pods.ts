/** The real judge: the network core's verdicts for every pod IP, seen from the inspected node. */
import {buildClusterIndex} from '../net/cluster-index.js';
import {judgeAll, prepareNetwork} from '../net/reachability.js';
import type {Judge} from './select-verdicts.js';

export const judgePods: Judge = ({node, routes, interfaces, nodes, pods}) =>
	judgeAll(prepareNetwork({node: node.name, routes, interfaces}), buildClusterIndex(nodes, pods));
