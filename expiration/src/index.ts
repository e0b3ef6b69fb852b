import './tracing';
import { loadConfig, runService } from '@ticketing/common';
import { ConfigSchema } from './config';
import { expirationService } from './service';

runService(() => expirationService(loadConfig(ConfigSchema)));
