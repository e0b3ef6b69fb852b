import './tracing';
import { loadConfig, runService } from '@ticketing/common';
import { ConfigSchema } from './config';
import { ordersService } from './service';

runService(() => ordersService(loadConfig(ConfigSchema)));
